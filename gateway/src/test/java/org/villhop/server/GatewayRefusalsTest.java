package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.villhop.server.GatewayHarness.GP;
import static org.villhop.server.GatewayHarness.SENDER;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.RawSmtpClient;

/** What the assembled gateway refuses, with the right code, and that nothing refused reaches the queue. */
class GatewayRefusalsTest {
    @TempDir
    Path dir;
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(dir, "").start();
    }

    @AfterEach
    void stop() throws Exception {
        assertEquals(List.of(), h.gateway.queue().list(), "nothing refused is queued");
        h.close();
    }

    private static String message(String from, String to) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: test\r\n\r\nhello\r\n";
    }

    @Test
    void peerCannotRelayToAnotherDomainThroughTheMx() throws Exception {
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            String reply = peer.send("<spammer@outside.test>", List.of("<" + GP + ">"), message("a@b", GP));
            assertTrue(reply.startsWith("550 5.7.1"), reply);
        }
        var refused = h.audit().stream().map(e -> e.event())
                .filter(e -> e.action().equals(org.villhop.audit.AuditEvent.MESSAGE_REFUSED)).toList();
        assertEquals(1, refused.size(), "the relay attempt is audited: " + refused);
        assertEquals("spammer@outside.test", refused.getFirst().sender());
        assertEquals(List.of(GP), refused.getFirst().recipients());
        assertTrue(refused.getFirst().detail().startsWith("550 5.7.1 relaying to <" + GP + "> denied"),
                refused.getFirst().detail());
    }

    @Test
    void unknownLocalMailboxIsRefused() throws Exception {
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            String reply = peer.send("<" + GP + ">", List.of("<nobody@ch-lens.mssante.test>"),
                    message(GP, "nobody@ch-lens.mssante.test"));
            assertTrue(reply.startsWith("550 5.1.1"), reply);
        }
    }

    @Test
    void invalidDischargeRequestIsRefusedAtSmtpTimeWithItsProblems() throws Exception {
        String json = "{\"patient\": {\"ins\": {\"matricule\": \"12\"}}, \"prescriptions\": 3}";
        String content = "From: " + SENDER + "\r\nTo: " + GP + "\r\nSubject: sortie\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nSortie du patient\r\n"
                + "--b\r\nContent-Type: application/vnd.villhop.discharge+json\r\n"
                + "Content-Disposition: attachment; filename=\"patient.sortie.json\"\r\n\r\n" + json + "\r\n"
                + "--b--\r\n";
        try (SubmissionClient client = SubmissionClient.login(h, "sortie")) {
            String reply = client.send("<" + SENDER + ">", List.of("<" + GP + ">"), content);
            assertTrue(reply.startsWith("554 5.6.0 discharge request refused: "), reply);
            assertTrue(reply.contains("$: required property 'establishment' not found"),
                    "the problems are named by their JSON path: " + reply);
            assertTrue(reply.contains("more"), "more problems than shown are counted: " + reply);
        }
    }

    @Test
    void authBeforeStartTlsIsRefused() throws Exception {
        try (RawSmtpClient smtp = new RawSmtpClient(h.port("submission"))) {
            smtp.reply();
            String ehlo = smtp.command("EHLO client.test");
            assertTrue(!ehlo.contains("AUTH"), "AUTH is not even offered in clear text: " + ehlo);
            String auth = smtp.command("AUTH PLAIN " + RawSmtpClient.plain("sortie", GatewayHarness.password()));
            assertTrue(auth.startsWith("530 5.7.0"), auth);
            String mail = smtp.command("MAIL FROM:<" + SENDER + ">");
            assertTrue(mail.startsWith("530 5.7.0"), mail);
        }
    }

    @Test
    void wrongPasswordIsRefusedAndAudited() throws Exception {
        try (RawSmtpClient smtp = new RawSmtpClient(h.port("submission"))) {
            smtp.reply();
            smtp.command("EHLO client.test");
            smtp.startTls(h.clientTls);
            smtp.command("EHLO client.test");
            String auth = smtp.command("AUTH PLAIN " + RawSmtpClient.plain("sortie", "not-the-password"));
            assertTrue(auth.startsWith("535 5.7.8"), auth);
        }
        assertTrue(h.audit().stream().anyMatch(e -> e.event().action().equals("login")
                && e.event().outcome().equals("failure") && "sortie".equals(e.event().actor())));
    }

    @Test
    void userCannotSendAsAnotherAddressInTheEnvelope() throws Exception {
        try (SubmissionClient smtp = SubmissionClient.login(h, "sortie")) {
            String reply = smtp.send("<cardiologie@ch-lens.mssante.test>", List.of("<" + GP + ">"),
                    message("cardiologie@ch-lens.mssante.test", GP));
            assertTrue(reply.startsWith("550 5.7.1"), reply);
        }
    }

    @Test
    void userCannotSendAsAnotherAddressInTheFromHeader() throws Exception {
        try (SubmissionClient smtp = SubmissionClient.login(h, "sortie")) {
            String reply = smtp.send("<" + SENDER + ">", List.of("<" + GP + ">"),
                    message("cardiologie@ch-lens.mssante.test", GP));
            assertTrue(reply.startsWith("550 5.7.1"), reply);
        }
    }

    @Test
    void envelopeRecipientMissingFromTheMessageHeadersIsRefused() throws Exception {
        try (SubmissionClient smtp = SubmissionClient.login(h, "sortie")) {
            String reply = smtp.send("<" + SENDER + ">", List.of("<" + GP + ">",
                    "<infirmiere.durand@medecins.mssante.test>"), message(SENDER, GP));
            assertTrue(reply.startsWith("550 5.7.1 RCPT TO <infirmiere.durand@medecins.mssante.test> is not in the "
                    + "To or Cc header"), reply);
        }
        assertTrue(h.audit().stream().anyMatch(e -> e.event().action().equals("message.refused")
                && e.event().detail().contains("Direct tamper rule")));
    }

    @Test
    void messageLargerThanTheLimitIsRefusedWhileReading() throws Exception {
        try (SubmissionClient smtp = SubmissionClient.login(h, "sortie")) {
            String announced = smtp.smtp.command("MAIL FROM:<" + SENDER + "> SIZE=300000");
            assertTrue(announced.startsWith("552 5.3.4"), announced);
            String line = "x".repeat(998) + "\r\n";
            String reply = smtp.send("<" + SENDER + ">", List.of("<" + GP + ">"),
                    message(SENDER, GP) + line.repeat(250));
            assertTrue(reply.startsWith("552 5.3.4"), reply);
        }
    }
}
