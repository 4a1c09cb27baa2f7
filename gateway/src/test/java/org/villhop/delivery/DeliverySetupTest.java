package org.villhop.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;

import org.villhop.testing.TestSmtpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.config.ConfigLoader;
import org.villhop.config.DeliverySetup;
import org.villhop.config.GatewayConfig;

/** The delivery agent built from a configuration file: key store, trust anchors and CRLs read from disk. */
class DeliverySetupTest {
    @TempDir
    Path dir;
    private TestPki pki;
    private KeyStore serverKeys;

    @BeforeEach
    void writeMaterial() throws Exception {
        pki = new TestPki("Config Test CA");
        serverKeys = pki.issueServer("localhost");
        TestPki.writeKeyStore(dir.resolve("gateway.p12"), pki.issueClient("gw.villhop.test"));
        TestPki.writeKeyStore(dir.resolve("cardio.p12"), pki.issueClient("cardio.villhop.test"));
        Files.writeString(dir.resolve("password.txt"), new String(TestPki.PASSWORD) + "\n");
        TestPki.writePem(dir.resolve("ca.pem"), pki.caCertificate());
    }

    private GatewayConfig config(int port) throws Exception {
        Files.writeString(dir.resolve("villhop.yaml"), """
                hostname: gw.villhop.test
                local-domains: [villhop.test]
                tls:
                  keystore: gateway.p12
                  keystore-password-file: password.txt
                  trust-anchors: [ca.pem]
                  crls: [ca.crl.pem]
                listeners: [{name: mx, kind: mx, port: 2525}]
                security:
                  trust-space: [hospital.test]
                delivery:
                  routes:
                    - {domain: hospital.test, host: localhost, port: %d, tls: required-verified}
                    - domain: cardio.test
                      host: localhost
                      port: %d
                      tls: required-verified
                      client-keystore: cardio.p12
                      client-keystore-password-file: password.txt
                """.formatted(port, port));
        return new ConfigLoader(true).load(dir.resolve("villhop.yaml"));
    }

    private RecipientOutcome deliverThrough(TestSmtpServer server) throws Exception {
        return deliverThrough(server, "dr@hospital.test");
    }

    private RecipientOutcome deliverThrough(TestSmtpServer server, String recipient) throws Exception {
        GatewayConfig config = config(server.port());
        byte[] content = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        try (DeliveryAgent agent = DeliverySetup.agent(config,
                (d, t) -> new RouteDecision.Unroutable(false, "4.4.3", "no DNS here"), Clock.systemUTC())) {
            return agent.deliver(new OutboundMessage(Envelope.simple("a@villhop.test", recipient),
                    BodySource.ofBytes(content), content.length)).getFirst();
        }
    }

    @Test
    void aRouteWithItsOwnClientKeystorePresentsThatCertificate() throws Exception {
        TestPki.writePem(dir.resolve("ca.crl.pem"), pki.crl());
        try (TestSmtpServer server = new TestSmtpServer()) {
            server.tls = pki.serverContext(serverKeys);
            RecipientOutcome outcome = deliverThrough(server, "dr@cardio.test");

            assertEquals(RecipientOutcome.Result.DELIVERED, outcome.result(), outcome.detail());
            assertEquals("CN=cardio.villhop.test", server.received.getFirst().clientCertificate());
        }
    }

    @Test
    void agentBuiltFromTheConfigurationDeliversOverVerifiedTlsWithRevocationChecked() throws Exception {
        TestPki.writePem(dir.resolve("ca.crl.pem"), pki.crl());
        try (TestSmtpServer server = new TestSmtpServer()) {
            server.tls = pki.serverContext(serverKeys);
            RecipientOutcome outcome = deliverThrough(server);

            assertEquals(RecipientOutcome.Result.DELIVERED, outcome.result(), outcome.detail());
            assertEquals("CN=gw.villhop.test", server.received.getFirst().clientCertificate());
        }
    }

    @Test
    void aPeerWhoseCertificateIsRevokedIsRefused() throws Exception {
        TestPki.writePem(dir.resolve("ca.crl.pem"), pki.crl(serverKeys));
        try (TestSmtpServer server = new TestSmtpServer()) {
            server.tls = pki.serverContext(serverKeys);
            RecipientOutcome outcome = deliverThrough(server);

            assertEquals(RecipientOutcome.Result.DEFERRED, outcome.result());
            assertTrue(outcome.detail().toLowerCase().contains("revoked"), outcome.detail());
            assertTrue(server.received.isEmpty());
        }
    }
}
