package org.villhop.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises every {@link MessageQueue} backend keeps. A backend's test class implements this interface and
 * {@link #open}.
 */
public interface MessageQueueContract {
    Instant START = Instant.parse("2026-03-02T08:00:00Z");

    /** Opens the backend under test, persisting in {@code dir} (or in its own store, keyed by {@code dir}). */
    MessageQueue open(Path dir, SettableClock clock) throws IOException;

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String readBody(MessageQueue queue, String id) throws IOException {
        try (InputStream in = queue.openBody(id)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static Envelope envelope(String... recipients) {
        return Envelope.of("alice@hopital.test", List.of(recipients));
    }

    @Test
    default void aHandedOverKeyIsKnownDurablyEvenAfterTheMessageLeftAndCannotBeCommittedTwice(@TempDir Path dir)
            throws Exception {
        String key = "upstream:operator:INBOX:7:42";
        String id;
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            assertFalse(queue.hasAccepted(key));
            try (StagedBody staged = queue.stage(body("Subject: fetched\r\n\r\nhello\r\n"))) {
                id = queue.commitHandedOver(staged, envelope("bob@cabinet.test"), key);
            }
            assertTrue(queue.hasAccepted(key));
            assertFalse(queue.hasAccepted("upstream:operator:INBOX:7:43"));
        }
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            assertTrue(queue.hasAccepted(key), "survives a restart");
            assertTrue(queue.delete(id));
            assertTrue(queue.hasAccepted(key), "still known once the message has left the queue");
            try (StagedBody again = queue.stage(body("Subject: fetched\r\n\r\nhello\r\n"))) {
                assertThrows(IOException.class, () -> queue.commitHandedOver(again, envelope("bob@cabinet.test"),
                        key));
            }
            assertTrue(queue.list().isEmpty(), "the second hand-over was not queued");
        }
    }

    @Test
    default void enqueuedMessageIsListedWithItsEnvelopeAndBody(@TempDir Path dir) throws Exception {
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            String id = queue.enqueue(envelope("bob@cabinet.test"), body("Subject: hi\r\n\r\nhello\r\n"));
            QueuedMessage message = queue.find(id).orElseThrow();
            assertEquals("alice@hopital.test", message.envelope().sender());
            assertEquals(START, message.received());
            assertEquals(22, message.size());
            assertEquals(DeliveryStatus.QUEUED, message.recipients().get(0).status());
            assertEquals(List.of(id), queue.list().stream().map(QueuedMessage::id).toList());
            try (InputStream in = queue.openBody(id)) {
                assertEquals("Subject: hi\r\n\r\nhello\r\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    default void dsnParametersAndSubmitterAreKeptWithTheMessage(@TempDir Path dir) throws Exception {
        Envelope sent = new Envelope("", List.of(
                new EnvelopeRecipient("bob@cabinet.test", EnumSet.of(Notify.SUCCESS, Notify.DELAY), "rfc822;bob@x.test"),
                EnvelopeRecipient.of("carol@cabinet.test")), "env-42", DsnReturn.HDRS, BodyType.SEVEN_BIT, true,
                "alice", "192.0.2.7", "client.test");
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            String id = queue.enqueue(sent, body("x"));
            assertEquals(sent, queue.find(id).orElseThrow().envelope());
        }
    }

    @Test
    default void messagesSurviveReopeningTheQueue(@TempDir Path dir) throws Exception {
        SettableClock clock = new SettableClock(START);
        String id;
        try (MessageQueue queue = open(dir, clock)) {
            id = queue.enqueue(envelope("bob@cabinet.test"), body("persisted"));
        }
        try (MessageQueue queue = open(dir, clock)) {
            assertTrue(queue.find(id).isPresent());
            try (InputStream in = queue.openBody(id)) {
                assertEquals("persisted", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    default void twelveMegabyteMessageRoundTripsByteForByte(@TempDir Path dir) throws Exception {
        long size = 12L * 1024 * 1024 + 17;
        byte[] expected;
        try (InputStream big = new SeededStream(size, 12)) {
            expected = digest(big);
        }
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            String id = queue.enqueue(envelope("bob@cabinet.test"), new SeededStream(size, 12));
            assertEquals(size, queue.find(id).orElseThrow().size());
            try (InputStream in = queue.openBody(id)) {
                assertArrayEquals(expected, digest(in));
            }
        }
    }

    @Test
    default void stagedBodyIsReadableAndVanishesWhenClosedUncommitted(@TempDir Path dir) throws Exception {
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            try (StagedBody staged = queue.stage(body("From: a@b.test\r\n\r\nx"))) {
                try (InputStream in = staged.open()) {
                    assertEquals("From: a@b.test\r\n\r\nx", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                }
            }
            assertTrue(queue.list().isEmpty());
        }
    }

    @Test
    default void aClaimedMessageIsHiddenFromOtherClaimsUntilItsLeaseEnds(@TempDir Path dir) throws Exception {
        SettableClock clock = new SettableClock(START);
        try (MessageQueue queue = open(dir, clock)) {
            String id = queue.enqueue(envelope("bob@cabinet.test"), body("x"));
            assertEquals(List.of(id), ids(queue.claimDue(clock.instant(), Duration.ofMinutes(5), 10)));
            assertTrue(queue.claimDue(clock.instant(), Duration.ofMinutes(5), 10).isEmpty());
            clock.advance(Duration.ofMinutes(6));
            assertEquals(List.of(id), ids(queue.claimDue(clock.instant(), Duration.ofMinutes(5), 10)));
        }
    }

    @Test
    default void aDeferredRecipientIsDueOnlyAtItsNextAttempt(@TempDir Path dir) throws Exception {
        SettableClock clock = new SettableClock(START);
        try (MessageQueue queue = open(dir, clock)) {
            String id = queue.enqueue(envelope("bob@cabinet.test"), body("x"));
            queue.claimDue(clock.instant(), Duration.ofMinutes(1), 10);
            queue.markDeferred(id, 0, "451 4.3.0 try later", START.plus(Duration.ofMinutes(15)));
            assertFalse(queue.release(id));
            RecipientState state = queue.find(id).orElseThrow().recipients().get(0);
            assertEquals(DeliveryStatus.DEFERRED, state.status());
            assertEquals("451 4.3.0 try later", state.lastReply());
            assertEquals(1, state.attempts());
            clock.advance(Duration.ofMinutes(14));
            assertTrue(queue.claimDue(clock.instant(), Duration.ofMinutes(1), 10).isEmpty());
            clock.advance(Duration.ofMinutes(1));
            assertEquals(List.of(id), ids(queue.claimDue(clock.instant(), Duration.ofMinutes(1), 10)));
        }
    }

    @Test
    default void releaseRemovesAMessageOnlyWhenEveryRecipientIsFinal(@TempDir Path dir) throws Exception {
        SettableClock clock = new SettableClock(START);
        try (MessageQueue queue = open(dir, clock)) {
            String id = queue.enqueue(envelope("bob@cabinet.test", "carol@cabinet.test"), body("x"));
            queue.claimDue(clock.instant(), Duration.ofMinutes(1), 10);
            assertEquals("x", readBody(queue, id), "read before it leaves (an implementation may keep it at hand)");
            queue.markSent(id, 0, "250 2.0.0 ok");
            assertFalse(queue.release(id));
            assertEquals(List.of(1), queue.find(id).orElseThrow().dueRecipients(clock.instant()).stream()
                    .map(RecipientState::index).toList());
            assertEquals(List.of(1), queue.find(id).orElseThrow().pending().stream().map(RecipientState::index).toList());
            queue.claimDue(clock.instant(), Duration.ofMinutes(1), 10);
            queue.markBounced(id, 1, "550 5.1.1 no such user");
            assertTrue(queue.release(id));
            assertTrue(queue.find(id).isEmpty());
            assertThrows(IOException.class, () -> queue.openBody(id));
        }
    }

    @Test
    default void recipientsDeliveredTogetherAreMarkedSentTogetherOrNotAtAll(@TempDir Path dir) throws Exception {
        SettableClock clock = new SettableClock(START);
        try (MessageQueue queue = open(dir, clock)) {
            String id = queue.enqueue(envelope("bob@cabinet.test", "carol@cabinet.test", "dan@cabinet.test"),
                    body("x"));
            queue.claimDue(clock.instant(), Duration.ofMinutes(1), 10);
            assertThrows(IllegalArgumentException.class, () -> queue.markSent(id, Map.of(0, "250 ok", 7, "250 ok")));
            assertEquals(List.of(0, 1, 2), queue.find(id).orElseThrow().pending().stream()
                    .map(RecipientState::index).toList(), "nothing marked when one index is wrong");
            queue.markSent(id, Map.of(0, "250 2.0.0 ok", 2, "250 2.0.0 ok"));
            QueuedMessage after = queue.find(id).orElseThrow();
            assertEquals(List.of(1), after.pending().stream().map(RecipientState::index).toList());
            assertEquals("250 2.0.0 ok", after.recipients().get(2).lastReply());
            assertEquals(1, after.recipients().get(0).attempts());
        }
    }

    @Test
    default void retryNowMakesADeferredMessageDueAtOnce(@TempDir Path dir) throws Exception {
        SettableClock clock = new SettableClock(START);
        try (MessageQueue queue = open(dir, clock)) {
            String id = queue.enqueue(envelope("bob@cabinet.test"), body("x"));
            queue.claimDue(clock.instant(), Duration.ofMinutes(1), 10);
            queue.markDeferred(id, 0, "421 4.4.2 timeout", START.plus(Duration.ofHours(1)));
            assertTrue(queue.retryNow(id, clock.instant()));
            assertEquals(List.of(id), ids(queue.claimDue(clock.instant(), Duration.ofMinutes(1), 10)));
            assertFalse(queue.retryNow("unknown-0", clock.instant()));
        }
    }

    @Test
    default void deleteRemovesTheMessageAndItsBody(@TempDir Path dir) throws Exception {
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            String id = queue.enqueue(envelope("bob@cabinet.test"), body("x"));
            assertEquals("x", readBody(queue, id));
            assertTrue(queue.delete(id));
            assertFalse(queue.delete(id));
            assertTrue(queue.list().isEmpty());
            assertThrows(IOException.class, () -> queue.openBody(id));
        }
    }

    @Test
    default void statusUpdateOfAnUnknownRecipientIsRefused(@TempDir Path dir) throws Exception {
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            String id = queue.enqueue(envelope("bob@cabinet.test"), body("x"));
            assertThrows(IllegalArgumentException.class, () -> queue.markSent(id, 3, "250 ok"));
        }
    }

    private static List<String> ids(List<QueuedMessage> messages) {
        return messages.stream().map(QueuedMessage::id).toList();
    }

    private static byte[] digest(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[65536];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sha.update(buffer, 0, n);
        }
        return sha.digest();
    }

    /** {@code size} pseudo-random bytes from a seed, produced on the fly. */
    final class SeededStream extends InputStream {
        private final Random random;
        private long remaining;

        SeededStream(long size, long seed) {
            this.remaining = size;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            remaining -= n;
            return n;
        }
    }
}
