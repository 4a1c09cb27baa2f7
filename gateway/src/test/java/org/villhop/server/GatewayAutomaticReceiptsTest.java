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
 * through the outbound pipeline; an ordinary mailbox sends none.
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
}
