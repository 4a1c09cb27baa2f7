package org.villhop.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.villhop.testing.TestSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

class DnsMxResolverTest {
    private TestDnsServer dns;

    @BeforeEach
    void startDns() throws Exception {
        dns = new TestDnsServer();
    }

    @AfterEach
    void stopDns() throws Exception {
        dns.close();
    }

    private static Name name(String s) throws Exception {
        return Name.fromString(s);
    }

    private void mx(String domain, int preference, String host) throws Exception {
        dns.add(new MXRecord(name(domain), DClass.IN, 300, preference, name(host)));
    }

    private void a(String host, String address) throws Exception {
        dns.add(new ARecord(name(host), DClass.IN, 300, InetAddress.getByName(address)));
    }

    private RouteDecision resolve(String domain, int port) {
        return new DnsMxResolver(dns.resolver(), port, new Random(7)).resolve(domain, TlsMode.VERIFY);
    }

    @Test
    void mailHostsComeInOrderOfPreferenceWithTheirAddresses() throws Exception {
        mx("hospital.test.", 20, "backup.hospital.test.");
        mx("hospital.test.", 10, "mx.hospital.test.");
        a("mx.hospital.test.", "127.0.0.2");
        a("backup.hospital.test.", "127.0.0.3");

        RouteDecision.Hops hops = assertInstanceOf(RouteDecision.Hops.class, resolve("hospital.test", 2525));
        assertEquals(List.of(new Destination("mx.hospital.test", 2525, TlsMode.VERIFY,
                        List.of(InetAddress.getByName("127.0.0.2"))),
                new Destination("backup.hospital.test", 2525, TlsMode.VERIFY,
                        List.of(InetAddress.getByName("127.0.0.3")))), hops.destinations());
    }

    @Test
    void equalPreferencesAreShuffledButNeverPassALowerOne() throws Exception {
        List<MXRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(new MXRecord(name("d.test."), DClass.IN, 60, 10, name("same" + i + ".d.test.")));
        }
        records.add(new MXRecord(name("d.test."), DClass.IN, 60, 5, name("first.d.test.")));
        records.add(new MXRecord(name("d.test."), DClass.IN, 60, 50, name("last.d.test.")));

        Set<String> secondPlaces = new java.util.HashSet<>();
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<MXRecord> ordered = DnsMxResolver.order(records, random);
            assertEquals("first.d.test.", ordered.getFirst().getTarget().toString());
            assertEquals("last.d.test.", ordered.getLast().getTarget().toString());
            secondPlaces.add(ordered.get(1).getTarget().toString());
        }
        assertTrue(secondPlaces.size() > 1, "equal preferences should be shuffled: " + secondPlaces);
    }

    @Test
    void domainWithoutMxUsesItsOwnAddress() throws Exception {
        a("small.test.", "127.0.0.4");
        RouteDecision.Hops hops = assertInstanceOf(RouteDecision.Hops.class, resolve("small.test", 25));
        assertEquals("small.test", hops.destinations().getFirst().host());
    }

    @Test
    void nullMxIsAPermanentFailure() throws Exception {
        mx("nomail.test.", 0, ".");
        RouteDecision.Unroutable no = assertInstanceOf(RouteDecision.Unroutable.class, resolve("nomail.test", 25));
        assertTrue(no.permanent());
        assertEquals("5.1.10", no.status());
    }

    @Test
    void nonexistentDomainIsAPermanentFailure() {
        RouteDecision.Unroutable no = assertInstanceOf(RouteDecision.Unroutable.class, resolve("ghost.test", 25));
        assertTrue(no.permanent());
        assertEquals("5.1.2", no.status());
    }

    @Test
    void deliveryFallsBackToTheNextMailHostWhenTheFirstIsDown() throws Exception {
        TestPki pki = new TestPki("Test CA");
        try (TestSmtpServer server = new TestSmtpServer()) {
            server.tls = pki.serverContext(pki.issueServer("mx2.hospital.test"));
            mx("hospital.test.", 10, "mx1.hospital.test.");
            mx("hospital.test.", 20, "mx2.hospital.test.");
            a("mx1.hospital.test.", "127.0.0.2");
            a("mx2.hospital.test.", "127.0.0.1");
            RouteResolver routes = new RouteResolver(List.of(), null,
                    new DnsMxResolver(dns.resolver(), server.port(), new Random(1)), Set.of("hospital.test"),
                    TlsMode.OPPORTUNISTIC);
            SmtpClientSettings settings = SmtpClientSettings.defaults("gw.test",
                    pki.clientMaterial(pki.issueClient("gw.test")))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
            byte[] content = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
            try (DeliveryAgent agent = new DeliveryAgent(settings, routes, Clock.systemUTC())) {
                RecipientOutcome outcome = agent.deliver(new OutboundMessage(
                        Envelope.simple("a@villhop.test", "dr@hospital.test"), BodySource.ofBytes(content),
                        content.length)).getFirst();

                assertEquals(RecipientOutcome.Result.DELIVERED, outcome.result(), outcome.detail());
                assertEquals("mx2.hospital.test", outcome.remoteMta());
                assertTrue(server.received.getFirst().tls());
            }
        }
    }
}
