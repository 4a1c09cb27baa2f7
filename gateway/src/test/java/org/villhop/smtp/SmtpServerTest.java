package org.villhop.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;

import org.villhop.testing.RawSmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.audit.AuditEntry;
import org.villhop.audit.AuditEvent;
import org.villhop.queue.DsnReturn;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.queue.Notify;
import org.villhop.queue.QueuedMessage;
import org.villhop.smtp.SmtpServerOptions.TlsMode;

class SmtpServerTest {
    private static TestPki pki;
    @TempDir
    Path dir;
    private TestGateway gateway;

    @BeforeAll
    static void makePki() throws Exception {
        pki = new TestPki();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private TestGateway start(UnaryOperator<SmtpServerOptions.Builder> options) throws Exception {
        TlsSettings tls = TlsSettings.defaults(pki.serverContext(), TlsSettings.ClientAuth.WANT);
        gateway = new TestGateway(dir, b -> options.apply(b.tls(TlsMode.STARTTLS, tls)));
        return gateway;
    }

    private TestGateway start() throws Exception {
        return start(b -> b);
    }

    private String body(String id) throws Exception {
        try (InputStream in = gateway.queue.openBody(id)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void ehloAnnouncesExtensionsAndOffersAuthOnlyAfterTls() throws Exception {
        start(b -> b.maxMessageSize(10_000_000));
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            assertTrue(c.reply().startsWith("220 mx.hopital.test ESMTP"));
            String ehlo = c.command("EHLO client.test");
            for (String ext : List.of("PIPELINING", "SIZE 10000000", "8BITMIME", "ENHANCEDSTATUSCODES", "DSN",
                    "SMTPUTF8", "STARTTLS")) {
                assertTrue(ehlo.contains("250-" + ext) || ehlo.contains("250 " + ext), ext + " in " + ehlo);
            }
            assertFalse(ehlo.contains("AUTH"), ehlo);
            assertEquals("530 5.7.0 must issue a STARTTLS command first", c.command("AUTH PLAIN "
                    + RawSmtpClient.plain("alice", TestGateway.PASSWORD)));
            assertTrue(c.startTls(pki.clientContext(false)).startsWith("220 2.0.0"));
            String secured = c.command("EHLO client.test");
            assertTrue(secured.contains("AUTH PLAIN LOGIN"), secured);
            assertFalse(secured.contains("STARTTLS"), secured);
        }
    }

    @Test
    void authenticatedSubmissionIsQueuedUnstuffedWithItsDsnParametersAndAudited() throws Exception {
        start();
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            assertEquals("235 2.7.0 authentication successful",
                    c.secureLogin(pki.clientContext(false), TestGateway.PASSWORD));
            assertTrue(c.command("MAIL FROM:<alice@hopital.test> RET=HDRS ENVID=env+2B1 BODY=8BITMIME SIZE=200")
                    .startsWith("250 2.1.0"));
            assertTrue(c.command("RCPT TO:<dr.house@cabinet.test> NOTIFY=SUCCESS,FAILURE "
                    + "ORCPT=rfc822;dr.house@cabinet.test").startsWith("250 2.1.5"));
            assertTrue(c.command("RCPT TO:<bob@hopital.test>").startsWith("250"));
            assertTrue(c.command("DATA").startsWith("354"));
            String reply = c.command("From: Alice <alice@hopital.test>\r\nTo: dr.house@cabinet.test\r\n"
                    + "Cc: Bob <bob@hopital.test>\r\nMessage-ID: <m1@hopital.test>\r\n"
                    + "Subject: test\r\n\r\n..leading dot\r\nline\r\n.");
            assertTrue(reply.startsWith("250 2.0.0 queued as "), reply);
            String id = reply.substring("250 2.0.0 queued as ".length());
            QueuedMessage queued = gateway.queue.find(id).orElseThrow();
            assertEquals("alice@hopital.test", queued.envelope().sender());
            assertEquals("env+1", queued.envelope().envelopeId());
            assertEquals(DsnReturn.HDRS, queued.envelope().dsnReturn());
            assertEquals("alice", queued.envelope().authenticatedUser());
            assertEquals(new EnvelopeRecipient("dr.house@cabinet.test", EnumSet.of(Notify.SUCCESS, Notify.FAILURE),
                    "rfc822;dr.house@cabinet.test"), queued.envelope().recipients().get(0));
            String body = body(id);
            assertTrue(body.startsWith("Received: from client.test ([127.0.0.1])\r\n\tby mx.hopital.test (villhop) "
                    + "with ESMTPSA\r\n\t(version=TLSv1.3 cipher=TLS_AES_"), body);
            assertTrue(body.endsWith("Subject: test\r\n\r\n.leading dot\r\nline\r\n"), body);
            assertEquals("221 2.0.0 mx.hopital.test closing connection", c.command("QUIT"));
        }
        List<AuditEntry> audit = gateway.audit();
        assertEquals(List.of(AuditEvent.LOGIN, AuditEvent.MESSAGE_ACCEPTED),
                audit.stream().map(e -> e.event().action()).toList());
        assertEquals("<m1@hopital.test>", audit.get(1).event().messageId());
        assertEquals(List.of("dr.house@cabinet.test", "bob@hopital.test"), audit.get(1).event().recipients());
    }

    @Test
    void wrongPasswordsLockOutThatUserFromThatAddressOnlyUntilTheAddressCeiling() throws Exception {
        start(b -> b.authLimits(new AuthLimits(0, Duration.ZERO, Duration.ZERO, 2, 4, Duration.ofMinutes(10))));
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            assertEquals("535 5.7.8 authentication credentials invalid",
                    c.secureLogin(pki.clientContext(false), "wrong"));
            assertTrue(c.command("AUTH PLAIN " + RawSmtpClient.plain("alice", "wrong")).startsWith("535 5.7.8"));
            assertEquals("454 4.7.0 too many failed authentications as alice from 127.0.0.1, try again later",
                    c.command("AUTH PLAIN " + RawSmtpClient.plain("alice", TestGateway.PASSWORD)));
            assertTrue(c.command("AUTH PLAIN " + RawSmtpClient.plain("eve", "x")).startsWith("535 5.7.8"));
            assertTrue(c.command("AUTH PLAIN " + RawSmtpClient.plain("mallory", "x")).startsWith("535 5.7.8"));
            assertEquals("454 4.7.0 too many failed authentications from 127.0.0.1, try again later",
                    c.command("AUTH PLAIN " + RawSmtpClient.plain("bob", "x")));
        }
        assertEquals(4, gateway.audit().stream().filter(e -> e.event().outcome().equals(AuditEvent.FAILURE)).count());
    }

    @Test
    void anotherUserBehindTheSameAddressLogsInAfterSomeoneElsesFailures() throws Exception {
        start(b -> b.authLimits(new AuthLimits(0, Duration.ZERO, Duration.ZERO, 5, 50, Duration.ofMinutes(15))));
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.secureLogin(pki.clientContext(false), "wrong");
            for (int i = 0; i < 5; i++) {
                c.command("AUTH PLAIN " + RawSmtpClient.plain("dr.martin", "mistyped"));
            }
            assertTrue(c.command("AUTH PLAIN " + RawSmtpClient.plain("dr.martin", "x")).startsWith("454 4.7.0"));
            assertEquals("235 2.7.0 authentication successful",
                    c.command("AUTH PLAIN " + RawSmtpClient.plain("alice", TestGateway.PASSWORD)));
        }
    }

    @Test
    void authLoginMechanismExchangesUsernameAndPassword() throws Exception {
        start();
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            c.command("EHLO client.test");
            c.startTls(pki.clientContext(false));
            c.command("EHLO client.test");
            assertEquals("334 VXNlcm5hbWU6", c.command("AUTH LOGIN"));
            assertEquals("334 UGFzc3dvcmQ6", c.command("YWxpY2U="));
            assertEquals("235 2.7.0 authentication successful", c.command(java.util.Base64.getEncoder()
                    .encodeToString(TestGateway.PASSWORD.getBytes(StandardCharsets.US_ASCII))));
            assertTrue(c.command("AUTH PLAIN x").startsWith("503 5.5.1"));
        }
    }

    @Test
    void refusalsCarryTheRightCodes() throws Exception {
        start(b -> b.maxRecipients(2));
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            c.command("EHLO client.test");
            assertTrue(c.command("MAIL FROM:<someone@outside.test>").startsWith("250"));
            assertEquals("550 5.7.1 relaying to <victim@elsewhere.test> denied: authenticate to send outside "
                    + "the local domains", c.command("RCPT TO:<victim@elsewhere.test>"));
            assertEquals("550 5.1.1 no such mailbox here: <nobody@hopital.test>",
                    c.command("RCPT TO:<nobody@hopital.test>"));
            assertTrue(c.command("RCPT TO:<alice@hopital.test>").startsWith("250"));
            assertTrue(c.command("RCPT TO:<bob@hopital.test>").startsWith("250"));
            assertEquals("452 4.5.3 too many recipients (at most 2 per message)",
                    c.command("RCPT TO:<bob@hopital.test>"));
            assertTrue(c.command("RSET").startsWith("250"));
            assertEquals("552 5.3.4 message size exceeds the maximum of 52428800 octets",
                    c.command("MAIL FROM:<a@outside.test> SIZE=99999999999"));
        }
    }

    @Test
    void everyRefusalAtMailRcptOrDataIsOneAuditEventWithTheReplyGiven() throws Exception {
        start(b -> b.maxMessageSize(4096).maxRecipients(1));
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<big@outside.test> SIZE=5000");
            c.command("MAIL FROM:<someone@outside.test>");
            c.command("RCPT TO:<victim@elsewhere.test>");
            c.command("RCPT TO:<nobody@hopital.test>");
            c.command("RCPT TO:<bob@hopital.test>");
            c.command("RCPT TO:<alice@hopital.test>");
            c.command("DATA");
            assertTrue(c.command("Subject: big\r\n\r\n" + "x".repeat(5000) + "\r\n.").startsWith("552 5.3.4"));
        }
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.secureLogin(pki.clientContext(false), TestGateway.PASSWORD);
            c.command("MAIL FROM:<bob@hopital.test>");
        }
        List<AuditEvent> refused = gateway.audit().stream().map(AuditEntry::event)
                .filter(e -> e.action().equals(AuditEvent.MESSAGE_REFUSED)).toList();
        assertEquals(List.of("552 5.3.4 message size exceeds the maximum of 4096 octets (test)",
                "550 5.7.1 relaying to <victim@elsewhere.test> denied: authenticate to send outside the local "
                        + "domains (test)",
                "550 5.1.1 no such mailbox here: <nobody@hopital.test> (test)",
                "452 4.5.3 too many recipients (at most 1 per message) (test)",
                "552 5.3.4 message exceeds the maximum size of 4096 octets (test)",
                "550 5.7.1 user alice may not send as <bob@hopital.test> (test)"),
                refused.stream().map(AuditEvent::detail).toList());
        assertEquals(List.of("big@outside.test", "someone@outside.test", "someone@outside.test",
                "someone@outside.test", "someone@outside.test", "bob@hopital.test"),
                refused.stream().map(AuditEvent::sender).toList());
        assertEquals(List.of(List.of(), List.of("victim@elsewhere.test"), List.of("nobody@hopital.test"),
                List.of("alice@hopital.test"), List.of("bob@hopital.test"), List.of()),
                refused.stream().map(AuditEvent::recipients).toList());
        assertTrue(refused.stream().allMatch(e -> e.remoteAddress().equals("127.0.0.1")
                && e.outcome().equals(AuditEvent.FAILURE)));
        assertEquals("alice", refused.get(5).actor());
    }

    @Test
    void spoofedFromHeaderIsRefusedAfterDataAndNothingIsQueued() throws Exception {
        start();
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.secureLogin(pki.clientContext(false), TestGateway.PASSWORD);
            assertEquals("550 5.7.1 user alice may not send as <bob@hopital.test>",
                    c.command("MAIL FROM:<bob@hopital.test>"));
            c.command("MAIL FROM:<alice@hopital.test>");
            c.command("RCPT TO:<dr.house@cabinet.test>");
            c.command("DATA");
            assertEquals("550 5.7.1 header From <bob@hopital.test> is not an address alice may send as",
                    c.command("From: Bob <bob@hopital.test>\r\n\r\nhello\r\n."));
            assertTrue(c.command("NOOP").startsWith("250"));
        }
        assertTrue(gateway.queue.list().isEmpty());
        assertEquals(AuditEvent.MESSAGE_REFUSED, gateway.audit().get(1).event().action());
    }

    @Test
    void oversizedMessageIsRefusedAfterTheFinalDotAndTheSessionGoesOn() throws Exception {
        start(b -> b.maxMessageSize(4096));
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<x@outside.test>");
            c.command("RCPT TO:<bob@hopital.test>");
            c.command("DATA");
            StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
            for (int i = 0; i < 200; i++) {
                big.append("0123456789012345678901234567890123456789\r\n");
            }
            assertEquals("552 5.3.4 message exceeds the maximum size of 4096 octets", c.command(big + "."));
            assertTrue(c.command("NOOP").startsWith("250"));
        }
        assertTrue(gateway.queue.list().isEmpty());
    }

    @Test
    void bareLineFeedInMessageDataIsRefusedAndCannotEndTheData() throws Exception {
        start();
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<x@outside.test>");
            c.command("RCPT TO:<bob@hopital.test>");
            c.command("DATA");
            c.write("Subject: smuggle\r\n\r\nhello\n.\nMAIL FROM:<evil@outside.test>\r\n");
            assertEquals("550 5.6.0 message contains a bare CR or LF; lines must end with CRLF (RFC 5321 section "
                    + "2.3.8)", c.command("."));
        }
        assertTrue(gateway.queue.list().isEmpty());
    }

    @Test
    void malformedCommandsGetPreciseRepliesAndNeverCloseTheConnection() throws Exception {
        start(b -> b.maxLineLength(512));
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            assertEquals("503 5.5.1 send EHLO or HELO first", c.command("MAIL FROM:<a@b.test>"));
            assertEquals("501 5.5.4 EHLO needs one domain or address literal", c.command("EHLO"));
            c.command("EHLO client.test");
            assertEquals("501 5.5.4 syntax: MAIL FROM:<address> [parameters]", c.command("MAIL a@b.test"));
            assertEquals("501 5.1.7 invalid domain in a@b..test", c.command("MAIL FROM:<a@b..test>"));
            assertEquals("555 5.5.4 unsupported MAIL parameter FOO", c.command("MAIL FROM:<a@b.test> FOO=1"));
            assertEquals("553 5.6.7 non-ASCII address needs the SMTPUTF8 parameter",
                    c.command("MAIL FROM:<é@b.test>"));
            assertEquals("503 5.5.1 need MAIL before RCPT", c.command("RCPT TO:<bob@hopital.test>"));
            c.command("MAIL FROM:<a@b.test>");
            assertEquals("501 5.5.4 NOTIFY=NEVER cannot be combined with other values",
                    c.command("RCPT TO:<bob@hopital.test> NOTIFY=NEVER,SUCCESS"));
            assertEquals("501 5.5.4 ORCPT must be addr-type;xtext, for example rfc822;bob@example.org",
                    c.command("RCPT TO:<bob@hopital.test> ORCPT=bob"));
            assertEquals("554 5.5.1 no valid recipients", c.command("DATA"));
            assertEquals("500 5.5.2 command not recognized: XYZZY", c.command("XYZZY plugh"));
            assertEquals("500 5.5.2 line too long (at most 512 octets)", c.command("NOOP " + "x".repeat(600)));
            assertEquals("502 5.5.1 BDAT is not implemented", c.command("BDAT 10 LAST"));
            assertTrue(c.command("NOOP").startsWith("250 2.0.0"));
        }
    }

    @Test
    void utf8AddressesAreAcceptedWithSmtpUtf8() throws Exception {
        start();
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            c.command("EHLO client.test");
            assertTrue(c.command("MAIL FROM:<hélène@clinique.test> SMTPUTF8").startsWith("250 2.1.0"));
            assertTrue(c.command("RCPT TO:<bob@hopital.test>").startsWith("250"));
            c.command("DATA");
            String reply = c.command("Subject: é\r\n\r\nbonjour\r\n.");
            assertTrue(reply.startsWith("250 2.0.0 queued as "), reply);
            String body = body(reply.substring("250 2.0.0 queued as ".length()));
            assertTrue(body.contains("with UTF8SMTP\r\n"), body);
            assertTrue(gateway.queue.list().get(0).envelope().smtpUtf8());
        }
    }

    @Test
    void connectionsBeyondTheTotalLimitAreRefusedWith421() throws Exception {
        start(b -> b.maxConnections(1));
        try (RawSmtpClient first = new RawSmtpClient(gateway.port())) {
            assertTrue(first.reply().startsWith("220"));
            try (RawSmtpClient second = new RawSmtpClient(gateway.port())) {
                assertEquals("421 4.7.0 too many connections (1), try again later", second.reply());
            }
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        start();
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            c.command("EHLO client.test");
            c.write("MAIL FROM:<x@outside.test>\r\nRCPT TO:<bob@hopital.test>\r\nRCPT TO:<no@hopital.test>\r\n"
                    + "DATA\r\n");
            assertTrue(c.reply().startsWith("250 2.1.0"));
            assertTrue(c.reply().startsWith("250 2.1.5"));
            assertTrue(c.reply().startsWith("550 5.1.1"));
            assertTrue(c.reply().startsWith("354"));
            c.write("Subject: p\r\n\r\nx\r\n.\r\nNOOP\r\nQUIT\r\n");
            assertTrue(c.reply().startsWith("250 2.0.0 queued as"));
            assertTrue(c.reply().startsWith("250 2.0.0 OK"));
            assertTrue(c.reply().startsWith("221"));
        }
        assertEquals(1, gateway.queue.list().size());
    }

    @Test
    void idleClientIsDisconnectedWith421AfterTheCommandTimeout() throws Exception {
        start(b -> b.commandTimeout(Duration.ofMillis(300)));
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            assertEquals("421 4.4.2 mx.hopital.test timeout exceeded, closing connection", c.reply());
            assertNull(c.reply());
        }
    }

    @Test
    void clientStallingInsideDataIsDisconnectedWith421AndNothingIsQueued() throws Exception {
        start(b -> b.dataTimeout(Duration.ofMillis(300)));
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<x@outside.test>");
            c.command("RCPT TO:<bob@hopital.test>");
            c.command("DATA");
            c.write("Subject: half a message\r\n\r\nand then nothing");
            assertEquals("421 4.4.2 mx.hopital.test timeout exceeded, closing connection", c.reply());
        }
        assertTrue(gateway.queue.list().isEmpty());
    }

    @Test
    void connectionsBeyondThePerIpLimitAreRefusedWith421() throws Exception {
        start(b -> b.maxConnectionsPerIp(1));
        try (RawSmtpClient first = new RawSmtpClient(gateway.port())) {
            assertTrue(first.reply().startsWith("220"));
            try (RawSmtpClient second = new RawSmtpClient(gateway.port())) {
                assertEquals("421 4.7.0 too many connections from 127.0.0.1 (1), try again later", second.reply());
            }
        }
    }

    @Test
    void implicitTlsListenerRequiringClientCertificatesRefusesClientsWithout() throws Exception {
        TlsSettings tls = TlsSettings.defaults(pki.serverContext(), TlsSettings.ClientAuth.NEED);
        gateway = new TestGateway(dir, b -> b.tls(TlsMode.IMPLICIT, tls));
        javax.net.ssl.SSLSocket withCert = (javax.net.ssl.SSLSocket) pki.clientContext(true).getSocketFactory()
                .createSocket("localhost", gateway.port());
        try (RawSmtpClient c = new RawSmtpClient(withCert)) {
            assertTrue(c.reply().startsWith("220"));
            assertTrue(c.command("EHLO client.test").contains("AUTH PLAIN LOGIN"));
        }
        int firstByte;
        try (javax.net.ssl.SSLSocket without = (javax.net.ssl.SSLSocket) pki.clientContext(false)
                .getSocketFactory().createSocket("localhost", gateway.port())) {
            without.startHandshake();
            firstByte = without.getInputStream().read();
        } catch (java.io.IOException refused) {
            firstByte = -1;
        }
        assertEquals(-1, firstByte, "a client without certificate must not get a greeting");
    }

    @Test
    void tlsSettingsRefuseProtocolsOlderThan12AndUnknownSuites() throws Exception {
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class, () -> new TlsSettings(
                pki.serverContext(), List.of("TLSv1.2", "TLSv1.1"), TlsSettings.DEFAULT_SUITES,
                TlsSettings.ClientAuth.NONE));
        assertEquals("TLS protocol TLSv1.1 is not allowed (only TLSv1.2, TLSv1.3)", old.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TlsSettings(pki.serverContext(),
                TlsSettings.DEFAULT_PROTOCOLS, List.of("TLS_RSA_WITH_NULL_MD5_MADE_UP"), TlsSettings.ClientAuth.NONE));
    }

    @Test
    void tls12UsesOneOfTheConfiguredEcdheSuites() throws Exception {
        start();
        try (RawSmtpClient c = new RawSmtpClient(gateway.port())) {
            c.reply();
            c.command("EHLO client.test");
            c.command("STARTTLS");
            javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) pki.clientContext(false).getSocketFactory()
                    .createSocket(c.socket(), "localhost", c.socket().getPort(), true);
            ssl.setEnabledProtocols(new String[] {"TLSv1.2"});
            ssl.startHandshake();
            assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", ssl.getSession().getCipherSuite());
        }
    }
}
