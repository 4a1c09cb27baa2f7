package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.villhop.server.GatewayHarness.GP;
import static org.villhop.server.GatewayHarness.SENDER;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.receipts.RecipientStatus;
import org.villhop.receipts.StatusEvent;
import org.villhop.receipts.TrackedMessage;
import org.villhop.receipts.TrackingStore;

/**
 * Receipt tracking in the running gateway: a submitted message is tracked once handed to the next hop; a DSN and an
 * MDN for it, arriving on the MX listener, update its tracking and are still delivered to the sender; a receipt is
 * never answered with a DSN, even when it has a sender and cannot be delivered.
 */
class GatewayReceiptsTest {
    private static final String MESSAGE_ID = "<lettre-42@ch-lens.mssante.test>";

    @TempDir
    Path dir;
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(dir, "").start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private void submit() throws Exception {
        try (SubmissionClient client = SubmissionClient.login(h, "sortie")) {
            String reply = client.send("<" + SENDER + "> ENVID=ENV-42", List.of("<" + GP + "> NOTIFY=SUCCESS,FAILURE"),
                    "From: " + SENDER + "\r\nTo: " + GP + "\r\nMessage-ID: " + MESSAGE_ID
                            + "\r\nSubject: lettre de sortie\r\nDisposition-Notification-To: " + SENDER
                            + "\r\n\r\nCompte rendu.\r\n");
            assertTrue(reply.startsWith("250"), reply);
        }
        h.await("the next hop to receive it", () -> h.sink.received.size() == 1);
    }

    private void inject(String mailFrom, String content) throws Exception {
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            String reply = peer.send(mailFrom, List.of("<" + SENDER + ">"), content);
            assertTrue(reply.startsWith("250"), reply);
        }
    }

    private static String dsn() {
        return """
                From: MAILER-DAEMON@medecins.mssante.test\r
                To: %1$s\r
                Message-ID: <dsn-1@medecins.mssante.test>\r
                Subject: Delivery Status Notification\r
                MIME-Version: 1.0\r
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r
                \r
                --b1\r
                Content-Type: text/plain\r
                \r
                Delivered.\r
                --b1\r
                Content-Type: message/delivery-status\r
                \r
                Reporting-MTA: dns; mx.medecins.mssante.test\r
                Original-Envelope-Id: ENV-42\r
                \r
                Final-Recipient: rfc822; %2$s\r
                Action: delivered\r
                Status: 2.0.0\r
                --b1--\r
                """.formatted(SENDER, GP);
    }

    private static String mdn(String messageId) {
        return """
                From: %2$s\r
                To: %1$s\r
                Message-ID: <%3$s@medecins.mssante.test>\r
                Subject: Accuse de lecture\r
                Auto-Submitted: auto-replied\r
                MIME-Version: 1.0\r
                Content-Type: multipart/report; report-type=disposition-notification; boundary="b2"\r
                \r
                --b2\r
                Content-Type: text/plain\r
                \r
                Integre.\r
                --b2\r
                Content-Type: message/disposition-notification\r
                \r
                Reporting-UA: lps.medecins.mssante.test\r
                Final-Recipient: rfc822; %2$s\r
                Original-Message-ID: %4$s\r
                Disposition: automatic-action/MDN-sent-automatically; processed\r
                --b2--\r
                """.formatted(SENDER, GP, messageId.replaceAll("[<>@.]", ""), messageId);
    }

    private Optional<TrackedMessage> tracked() {
        try (TrackingStore store = TrackingStore.open(TrackingStore.fileIn(h.config.dataDir()), Clock.systemUTC())) {
            return store.find(MESSAGE_ID);
        }
    }

    @Test
    void aDsnAndAnMdnArrivingOnTheMxUpdateTheTrackingOfTheSentMessageAndAreStillDelivered() throws Exception {
        submit();
        h.await("the message to be tracked as sent", () -> tracked().isPresent());
        assertEquals(RecipientStatus.SENT, tracked().orElseThrow().current().get(GP));
        assertEquals(Optional.of("ENV-42"), tracked().orElseThrow().envelopeId());

        // one after the other: queued messages are delivered concurrently, and this test reads them in order
        inject("<>", dsn());
        h.await("the DSN delivered to the sender", () -> h.internal.received.size() == 1);
        inject("<>", mdn(MESSAGE_ID));

        h.await("both receipts delivered to the sender", () -> h.internal.received.size() == 2);
        TrackedMessage message = tracked().orElseThrow();
        assertEquals(RecipientStatus.PROCESSED, message.current().get(GP), message.toString());
        assertEquals(List.of(RecipientStatus.SENT, RecipientStatus.DELIVERED, RecipientStatus.PROCESSED),
                message.history().stream().map(StatusEvent::status).toList());
        assertTrue(h.internal.received.get(0).text().contains("Original-Envelope-Id: ENV-42"));
        assertTrue(h.internal.received.get(1).text().contains("Original-Message-ID: " + MESSAGE_ID));
    }

    @Test
    void aReceiptThatCannotBeDeliveredIsNotAnsweredWithADsnEvenWithASender() throws Exception {
        h.internal.rcptReply = address -> "550 5.1.1 no such mailbox";
        inject("<" + GP + ">", mdn("<other@ch-lens.mssante.test>"));
        h.await("the receipt to be bounced", () -> h.audited("message.bounced"));
        h.await("the queue to empty", () -> {
            try {
                return h.gateway.queue().list().isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertEquals(0, h.sink.received.size(), "no DSN went back to " + GP);
        assertTrue(h.log.stream().anyMatch(l -> l.contains("matches no tracked message")), h.log.toString());
    }
}
