package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.villhop.server.GatewayHarness.GP;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.TestSmtpServer;

/**
 * The automatic service mailbox: mail delivered into the mailbox of a user marked {@code automatic-receipts} that asks
 * {@code Disposition-Notification-To} is answered with the ANS MDN {@code processed}, sent with the null sender
 * through the outbound pipeline; an ordinary mailbox sends none. A message the pipeline cannot open is answered with
 * the ANS integration error 906, as an MDN when one is asked for, else as the plain KO mail.
 */
class GatewayAutomaticReceiptsTest {
    @TempDir
    Path dir;
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(dir, "", false).start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private void send(String to, String messageId) throws Exception {
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            String reply = peer.send("<" + GP + ">", List.of("<" + to + ">"), "From: " + GP + "\r\nTo: " + to
                    + "\r\nMessage-ID: " + messageId + "\r\nSubject: Adressage patient\r\n"
                    + "Disposition-Notification-To: " + GP + "\r\n\r\nbonjour\r\n");
            assertTrue(reply.startsWith("250"), reply);
        }
    }

    private boolean queueEmpty() {
        try {
            return h.gateway.queue().list().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aServiceMailboxMarkedAutomaticAnswersTheRequestWithAProcessedMdnAndAnOrdinaryOneDoesNot() throws Exception {
        send("cardiologie@ch-lens.mssante.test", "<ordinary-1@medecins.mssante.test>");
        send("accueil@ch-lens.mssante.test", "<adressage-1@medecins.mssante.test>");

        h.await("the MDN at the next hop", () -> h.sink.received.size() == 1);
        h.await("the queue to empty", this::queueEmpty);
        assertEquals(1, h.sink.received.size(), "only the automatic mailbox answered");
        TestSmtpServer.Received mdn = h.sink.received.getFirst();
        assertTrue(mdn.mailFrom().startsWith("MAIL FROM:<>"), mdn.mailFrom());
        assertEquals(1, mdn.rcptTo().size(), mdn.rcptTo().toString());
        assertTrue(mdn.rcptTo().getFirst().startsWith("RCPT TO:<" + GP + ">"), mdn.rcptTo().toString());
        String text = h.openAs("dr.martin", mdn.content()).text();
        assertTrue(text.contains("Original-Message-ID: <adressage-1@medecins.mssante.test>"), text);
        assertTrue(text.contains("Disposition: automatic-action/MDN-sent-automatically; processed"), text);
        assertTrue(text.contains("Final-Recipient: rfc822;accueil@ch-lens.mssante.test")
                || text.contains("Final-Recipient: rfc822; accueil@ch-lens.mssante.test"), text);
    }

    private void sendUnreadable(String messageId, boolean askMdn) throws Exception {
        String to = "accueil@ch-lens.mssante.test";
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            String reply = peer.send("<" + GP + ">", List.of("<" + to + ">"), "From: " + GP + "\r\nTo: " + to
                    + "\r\nMessage-ID: " + messageId + "\r\nSubject: Adressage patient\r\n"
                    + (askMdn ? "Disposition-Notification-To: " + GP + "\r\n" : "")
                    + "MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data;"
                    + " name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\nTm90IENNUyBhdCBhbGw=\r\n");
            assertTrue(reply.startsWith("250"), reply);
        }
    }

    @Test
    void aMessageTheServiceMailboxCannotOpenIsAnsweredWithTheIntegrationError906() throws Exception {
        sendUnreadable("<illisible-1@medecins.mssante.test>", true);
        h.await("the MDN at the next hop", () -> h.sink.received.size() == 1);
        TestSmtpServer.Received mdn = h.sink.received.getFirst();
        assertTrue(mdn.mailFrom().startsWith("MAIL FROM:<>"), mdn.mailFrom());
        String text = h.openAs("dr.martin", mdn.content()).text();
        assertTrue(text.contains("Original-Message-ID: <illisible-1@medecins.mssante.test>"), text);
        assertTrue(text.contains("processed/Error: 906^Message illisible ou non fiable"), text);
        assertTrue(text.contains("Subject: =?UTF-8?Q?[KO_Int=C3=A9gration_syst=C3=A8me_!][906]_Adressage_patient?="),
                "the ANS error subject: " + text);
    }

    @Test
    void withoutAnMdnRequestTheIntegrationErrorGoesBackAsThePlainKoMail() throws Exception {
        sendUnreadable("<illisible-2@medecins.mssante.test>", false);
        h.await("the KO mail at the next hop", () -> h.sink.received.size() == 1);
        TestSmtpServer.Received mail = h.sink.received.getFirst();
        assertTrue(mail.rcptTo().getFirst().startsWith("RCPT TO:<" + GP + ">"), mail.rcptTo().toString());
        String text = h.openAs("dr.martin", mail.content()).text();
        assertTrue(text.contains("In-Reply-To: <illisible-2@medecins.mssante.test>"), text);
        assertTrue(text.contains("Code d'erreur : 906"), text);
        assertTrue(!text.contains("Disposition-Notification"), "a plain mail, not an MDN: " + text);
    }
}
