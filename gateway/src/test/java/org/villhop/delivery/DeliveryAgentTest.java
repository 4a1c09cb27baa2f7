package org.villhop.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.villhop.testing.TestSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryAgentTest {
    private static TestPki pki;
    private static KeyStore serverKeys;
    private static KeyStore clientKeys;

    private TestSmtpServer server;
    private DeliveryAgent agent;

    @BeforeAll
    static void makePki() throws Exception {
        pki = new TestPki("Test Health CA");
        serverKeys = pki.issueServer("localhost");
        clientKeys = pki.issueClient("gateway.villhop.test");
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new TestSmtpServer();
        server.tls = pki.serverContext(serverKeys);
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        server.close();
    }

    private DeliveryAgent agent(TlsMode mode, SmtpClientSettings settings) {
        RouteResolver routes = new RouteResolver(List.of(new Route("hospital.test", "localhost", server.port(), mode)),
                null, (d, t) -> new RouteDecision.Unroutable(false, "4.4.3", "no DNS in this test"), Set.of(),
                TlsMode.VERIFY);
        agent = new DeliveryAgent(settings, routes, Clock.systemUTC());
        return agent;
    }

    private DeliveryAgent agent(TlsMode mode) throws Exception {
        return agent(mode, settings());
    }

    private static SmtpClientSettings settings() throws Exception {
        return SmtpClientSettings.defaults("gateway.villhop.test", pki.clientMaterial(clientKeys))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static OutboundMessage message(String content, Envelope envelope) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new OutboundMessage(envelope, BodySource.ofBytes(bytes), bytes.length);
    }

    private static OutboundMessage message(String... recipients) {
        return message("Subject: test\r\n\r\nhello\r\n", Envelope.simple("sec@villhop.test", recipients));
    }

    @Test
    void deliversOverVerifiedTlsPresentingTheClientCertificate() throws Exception {
        String content = "Subject: dots\nFrom: sec@villhop.test\n\n.leading dot\n..two dots\nbare CR\rend\n.";
        List<RecipientOutcome> outcomes = agent(TlsMode.VERIFY)
                .deliver(message(content, Envelope.simple("sec@villhop.test", "dr@hospital.test")));

        RecipientOutcome outcome = outcomes.getFirst();
        assertEquals(RecipientOutcome.Result.DELIVERED, outcome.result(), outcome.detail());
        assertEquals("250 2.0.0 queued as 1", outcome.reply().oneLine());
        assertEquals("localhost", outcome.remoteMta());
        TestSmtpServer.Received got = server.received.getFirst();
        assertTrue(got.tls());
        assertEquals("CN=gateway.villhop.test", got.clientCertificate());
        assertEquals("Subject: dots\r\nFrom: sec@villhop.test\r\n\r\n.leading dot\r\n..two dots\r\nbare CR\r\nend\r\n.\r\n",
                got.text());
    }

    @Test
    void refusesToSendInClearTextWhenTlsIsRequired() throws Exception {
        server.tls = null;
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(message("dr@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.DEFERRED, outcome.result());
        assertEquals("4.7.5", outcome.status());
        assertTrue(outcome.detail().contains("does not offer STARTTLS"), outcome.detail());
        assertTrue(server.commands.stream().noneMatch(c -> c.startsWith("MAIL")), server.commands.toString());
    }

    @Test
    void refusesAPeerWhoseCertificateNamesAnotherHost() throws Exception {
        server.tls = pki.serverContext(pki.issueServer("other.example"));
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(message("dr@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.DEFERRED, outcome.result());
        assertTrue(outcome.detail().startsWith("TLS with localhost"), outcome.detail());
        assertTrue(server.commands.stream().noneMatch(c -> c.startsWith("MAIL")), server.commands.toString());
    }

    @Test
    void refusesAPeerWhoseCertificateComesFromAnUntrustedAuthority() throws Exception {
        TestPki stranger = new TestPki("Stranger CA");
        server.tls = stranger.serverContext(stranger.issueServer("localhost"));
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(message("dr@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.DEFERRED, outcome.result());
        assertEquals("4.7.5", outcome.status());
        assertTrue(server.received.isEmpty());
    }

    @Test
    void encryptOnlyModeAcceptsAnUnverifiedCertificateOutsideTheTrustSpace() throws Exception {
        TestPki stranger = new TestPki("Stranger CA");
        server.tls = stranger.serverContext(stranger.issueServer("other.example"));
        RecipientOutcome outcome = agent(TlsMode.ENCRYPT).deliver(message("dr@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.DELIVERED, outcome.result(), outcome.detail());
        assertTrue(server.received.getFirst().tls());
    }

    @Test
    void aRouteCanPresentItsOwnClientCertificate() throws Exception {
        RouteResolver routes = new RouteResolver(List.of(new Route("hospital.test", "localhost", server.port(),
                TlsMode.VERIFY, "cardiology")), null, (d, t) -> null, Set.of(), TlsMode.VERIFY);
        SmtpClientSettings withIdentity = settings().withClientIdentity("cardiology",
                pki.clientMaterial(pki.issueClient("cardiologie.villhop.test")));
        agent = new DeliveryAgent(withIdentity, routes, Clock.systemUTC());
        agent.deliver(message("dr@hospital.test"));

        assertEquals("CN=cardiologie.villhop.test", server.received.getFirst().clientCertificate());
    }

    @Test
    void aRouteNamingAnUnknownClientIdentityIsRefusedAtConstruction() throws Exception {
        RouteResolver routes = new RouteResolver(List.of(new Route("hospital.test", "localhost", server.port(),
                TlsMode.VERIFY, "nobody")), null, (d, t) -> null, Set.of(), TlsMode.VERIFY);
        SmtpClientSettings plain = settings();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DeliveryAgent(plain, routes, Clock.systemUTC()));
        assertEquals("a route presents client identity 'nobody', which is not configured", e.getMessage());
    }

    @Test
    void domainsSharingTheRelayHostGoInOneTransaction() throws Exception {
        RouteResolver routes = new RouteResolver(List.of(), Destination.of("localhost", server.port(),
                TlsMode.VERIFY), (d, t) -> null, Set.of(), TlsMode.VERIFY);
        agent = new DeliveryAgent(settings(), routes, Clock.systemUTC());
        List<RecipientOutcome> outcomes = agent.deliver(message("a@one.test", "b@two.test"));

        assertTrue(outcomes.stream().allMatch(o -> o.result() == RecipientOutcome.Result.DELIVERED));
        assertEquals(1, server.received.size());
        assertEquals(List.of("RCPT TO:<a@one.test>", "RCPT TO:<b@two.test>"), server.received.getFirst().rcptTo());
    }

    @Test
    void aKeptConnectionThePeerClosedIsReplacedByANewOne() throws Exception {
        server.closeAfterMessage = true;
        DeliveryAgent a = agent(TlsMode.VERIFY);
        a.deliver(message("one@hospital.test"));
        RecipientOutcome second = a.deliver(message("two@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.DELIVERED, second.result(), second.detail());
        assertEquals(2, server.connections.get());
    }

    @Test
    void implicitTlsRouteSpeaksTlsFromTheFirstByte() throws Exception {
        server.implicitTls = true;
        RecipientOutcome outcome = agent(TlsMode.IMPLICIT_VERIFY).deliver(message("dr@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.DELIVERED, outcome.result(), outcome.detail());
        assertTrue(server.received.getFirst().tls());
    }

    @Test
    void opportunisticModeSendsInClearTextOnlyOutsideTheTrustSpace() throws Exception {
        server.tls = null;
        RouteResolver routes = new RouteResolver(List.of(
                new Route("outside.test", "localhost", server.port(), TlsMode.OPPORTUNISTIC),
                new Route("hospital.test", "localhost", server.port(), TlsMode.OPPORTUNISTIC)), null,
                (d, t) -> null, Set.of("hospital.test"), TlsMode.VERIFY);
        agent = new DeliveryAgent(settings(), routes, Clock.systemUTC());
        List<RecipientOutcome> outcomes = agent.deliver(message("a@outside.test", "dr@hospital.test"));

        assertEquals(RecipientOutcome.Result.DELIVERED, outcomes.get(0).result(), outcomes.get(0).detail());
        assertFalse(server.received.getFirst().tls());
        assertEquals(List.of("RCPT TO:<a@outside.test>"), server.received.getFirst().rcptTo());
        assertEquals(RecipientOutcome.Result.DEFERRED, outcomes.get(1).result());
        assertEquals("4.7.5", outcomes.get(1).status());
    }

    @Test
    void eightBitBodyIsDeclaredWhenThePeerSupportsIt() throws Exception {
        Envelope envelope = new Envelope("sec@villhop.test", List.of(Recipient.of("dr@hospital.test")), null, null,
                true);
        agent(TlsMode.VERIFY).deliver(message("Subject: été\r\n\r\nchère\r\n", envelope));

        assertTrue(server.received.getFirst().mailFrom().endsWith(" BODY=8BITMIME"));
        assertTrue(server.received.getFirst().text().contains("chère"));
    }

    @Test
    void transientReplyDefersPermanentReplyFailsAndOthersAreDelivered() throws Exception {
        server.rcptReply = address -> switch (address) {
            case "busy@hospital.test" -> "450 4.2.1 mailbox busy";
            case "nobody@hospital.test" -> "550 5.1.1 no such user";
            default -> "250 2.1.5 ok";
        };
        List<RecipientOutcome> outcomes = agent(TlsMode.VERIFY)
                .deliver(message("busy@hospital.test", "nobody@hospital.test", "dr@hospital.test"));

        assertEquals(RecipientOutcome.Result.DEFERRED, outcomes.get(0).result());
        assertEquals("4.2.1", outcomes.get(0).status());
        assertEquals(RecipientOutcome.Result.FAILED, outcomes.get(1).result());
        assertEquals("550 5.1.1 no such user", outcomes.get(1).detail());
        assertEquals(RecipientOutcome.Result.DELIVERED, outcomes.get(2).result());
        assertEquals(List.of("RCPT TO:<dr@hospital.test>"), server.received.getFirst().rcptTo());
    }

    @Test
    void permanentReplyToDataFailsEveryAcceptedRecipient() throws Exception {
        server.dataReply = "554 5.6.0 content rejected";
        List<RecipientOutcome> outcomes = agent(TlsMode.VERIFY).deliver(message("a@hospital.test", "b@hospital.test"));

        assertTrue(outcomes.stream().allMatch(o -> o.result() == RecipientOutcome.Result.FAILED));
        assertEquals("5.6.0", outcomes.getFirst().status());
    }

    @Test
    void messageLargerThanThePeersSizeLimitFailsBeforeAnythingIsSent() throws Exception {
        server.sizeLimit = 10;
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(message("dr@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.FAILED, outcome.result());
        assertEquals("5.3.4", outcome.status());
        assertTrue(server.commands.stream().noneMatch(c -> c.startsWith("MAIL")), server.commands.toString());
    }

    @Test
    void dsnParametersArePassedOnWhenThePeerAnnouncesDsn() throws Exception {
        Envelope envelope = new Envelope("sec@villhop.test", List.of(new Recipient("dr@hospital.test",
                EnumSet.of(Notify.SUCCESS, Notify.FAILURE), "rfc822;Dr+Who@hospital.test")), "env id=1", Ret.HDRS,
                false);
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(message("Subject: x\r\n\r\nbody\r\n", envelope))
                .getFirst();

        assertTrue(outcome.dsnPassedOn());
        TestSmtpServer.Received got = server.received.getFirst();
        assertEquals("MAIL FROM:<sec@villhop.test> SIZE=20 RET=HDRS ENVID=env+20id+3D1", got.mailFrom());
        assertEquals(List.of("RCPT TO:<dr@hospital.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Dr+2BWho@hospital.test"),
                got.rcptTo());
    }

    @Test
    void dsnParametersAreLeftOutWhenThePeerLacksDsn() throws Exception {
        server.dsn = false;
        Envelope envelope = new Envelope("sec@villhop.test", List.of(new Recipient("dr@hospital.test",
                EnumSet.of(Notify.SUCCESS), "rfc822;dr@hospital.test")), "id1", Ret.FULL, false);
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(message("Subject: x\r\n\r\nbody\r\n", envelope))
                .getFirst();

        assertEquals(RecipientOutcome.Result.DELIVERED, outcome.result());
        assertFalse(outcome.dsnPassedOn());
        assertEquals("MAIL FROM:<sec@villhop.test> SIZE=20", server.received.getFirst().mailFrom());
        assertEquals(List.of("RCPT TO:<dr@hospital.test>"), server.received.getFirst().rcptTo());
    }

    @Test
    void worksWithoutPipeliningToo() throws Exception {
        server.pipelining = false;
        server.rcptReply = a -> a.startsWith("x") ? "550 5.1.1 unknown" : "250 2.1.5 ok";
        List<RecipientOutcome> outcomes = agent(TlsMode.VERIFY).deliver(message("x@hospital.test", "y@hospital.test"));

        assertEquals(RecipientOutcome.Result.FAILED, outcomes.get(0).result());
        assertEquals(RecipientOutcome.Result.DELIVERED, outcomes.get(1).result());
    }

    @Test
    void secondMessageToTheSameDestinationReusesTheConnection() throws Exception {
        DeliveryAgent a = agent(TlsMode.VERIFY);
        a.deliver(message("one@hospital.test"));
        a.deliver(message("two@hospital.test"));

        assertEquals(2, server.received.size());
        assertEquals(1, server.connections.get());
        assertTrue(server.commands.contains("RSET"));
    }

    @Test
    void unreadableLocalContentDefersWithoutBlamingThePeer() throws Exception {
        OutboundMessage broken = new OutboundMessage(Envelope.simple("sec@villhop.test", "dr@hospital.test"),
                () -> {
                    throw new java.nio.file.NoSuchFileException("/spool/gone.eml");
                }, 100);
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(broken).getFirst();

        assertEquals(RecipientOutcome.Result.DEFERRED, outcome.result());
        assertEquals("4.3.0", outcome.status());
        assertTrue(outcome.detail().startsWith("cannot read the message content locally"), outcome.detail());
        assertTrue(server.received.isEmpty());
    }

    @Test
    void nonAsciiAddressesNeedAPeerAnnouncingSmtpUtf8() throws Exception {
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(message("Subject: x\r\n\r\ny\r\n",
                Envelope.simple("sec@villhop.test", "hélène@hospital.test"))).getFirst();

        assertEquals(RecipientOutcome.Result.FAILED, outcome.result());
        assertEquals("5.6.7", outcome.status());
        assertTrue(server.commands.stream().noneMatch(c -> c.startsWith("MAIL")));
    }

    @Test
    void nonAsciiAddressesAreSentWithSmtpUtf8WhenThePeerAnnouncesIt() throws Exception {
        server.smtpUtf8 = true;
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(message("Subject: x\r\n\r\ny\r\n",
                Envelope.simple("sec@villhop.test", "hélène@hospital.test"))).getFirst();

        assertEquals(RecipientOutcome.Result.DELIVERED, outcome.result(), outcome.detail());
        assertTrue(server.received.getFirst().mailFrom().endsWith(" SMTPUTF8"));
        assertEquals(List.of("RCPT TO:<hélène@hospital.test>"), server.received.getFirst().rcptTo());
    }

    @Test
    void droppedConnectionDefersTheRecipients() throws Exception {
        server.dropAfterMail = true;
        RecipientOutcome outcome = agent(TlsMode.VERIFY).deliver(message("dr@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.DEFERRED, outcome.result());
        assertEquals("4.4.2", outcome.status());
    }

    @Test
    void slowPeerTimesOutAndTheRecipientIsDeferred() throws Exception {
        server.dataReplyDelay = Duration.ofSeconds(3);
        SmtpClientSettings quick = settings().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofMillis(300));
        RecipientOutcome outcome = agent(TlsMode.VERIFY, quick).deliver(message("dr@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.DEFERRED, outcome.result());
        assertTrue(outcome.detail().contains("timed out"), outcome.detail());
    }

    @Test
    void noMoreConnectionsToOneDestinationThanTheLimitAllows() throws Exception {
        server.dataReplyDelay = Duration.ofMillis(100);
        DeliveryAgent a = agent(TlsMode.VERIFY, settings().withMaxConnectionsPerDestination(2));
        List<Future<List<RecipientOutcome>>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                String rcpt = "r" + i + "@hospital.test";
                results.add(threads.submit(() -> a.deliver(message(rcpt))));
            }
        }
        for (Future<List<RecipientOutcome>> f : results) {
            assertEquals(RecipientOutcome.Result.DELIVERED, f.get().getFirst().result());
        }
        assertEquals(6, server.received.size());
        assertTrue(server.maxActive.get() <= 2, "at most 2 sessions at once, saw " + server.maxActive.get());
    }

    @Test
    void unreachableHostIsDeferredWithTheReason() throws Exception {
        int port = server.port();
        server.close();
        RouteResolver routes = new RouteResolver(List.of(new Route("hospital.test", "127.0.0.1", port,
                TlsMode.VERIFY)), null, (d, t) -> null, Set.of(), TlsMode.VERIFY);
        agent = new DeliveryAgent(settings(), routes, Clock.systemUTC());
        RecipientOutcome outcome = agent.deliver(message("dr@hospital.test")).getFirst();

        assertEquals(RecipientOutcome.Result.DEFERRED, outcome.result());
        assertEquals("4.4.1", outcome.status());
        assertTrue(outcome.detail().contains("no connection to 127.0.0.1:" + port), outcome.detail());
    }
}
