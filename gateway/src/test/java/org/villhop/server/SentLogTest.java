package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.audit.AuditQuery;
import org.villhop.audit.HashChainJournal;
import org.villhop.queue.DeliveryStatus;
import org.villhop.queue.Envelope;
import org.villhop.queue.SqliteMessageQueue;
import org.villhop.testing.MutableClock;

/** A delivery logged but not yet committed when the process died is recorded as sent at the next start. */
class SentLogTest {
    @TempDir
    Path data;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    @Test
    void recipientsLoggedBeforeACrashAreMarkedSentAtTheNextStartAndTheLogIsEmptied() throws Exception {
        Path queueDir = data.resolve("queue");
        String id;
        try (SqliteMessageQueue queue = SqliteMessageQueue.open(queueDir, clock);
             SentLog log = SentLog.open(queueDir)) {
            id = queue.enqueue(Envelope.of("a@b.test", List.of("x@c.test", "y@c.test", "z@c.test")),
                    new ByteArrayInputStream("Subject: t\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
            log.record(id, Map.of(0, "250 ok", 2, "250 ok"), () -> { });
        }
        assertTrue(Files.size(queueDir.resolve("sent.log")) > 0, "the line is written at once");
        try (SqliteMessageQueue queue = SqliteMessageQueue.open(queueDir, clock);
             SentLog log = SentLog.open(queueDir);
             HashChainJournal audit = HashChainJournal.open(data.resolve("audit"), clock, problem -> { })) {
            assertEquals(2, log.replay(queue, audit));
            assertEquals(List.of(DeliveryStatus.SENT, DeliveryStatus.QUEUED, DeliveryStatus.SENT),
                    queue.find(id).orElseThrow().recipients().stream().map(r -> r.status()).toList());
            assertEquals(0, Files.size(queueDir.resolve("sent.log")));
            assertEquals(0, log.replay(queue, audit), "a second start has nothing to do");
            String single = queue.enqueue(Envelope.of("a@b.test", List.of("x@c.test")),
                    new ByteArrayInputStream("Subject: u\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
            log.record(single, Map.of(0, "250 ok"), () -> { });
            assertEquals(1, log.replay(queue, audit));
            assertTrue(queue.find(single).isEmpty(), "a message with nothing left to deliver leaves the queue");
        }
        assertTrue(new AuditQuery(null, null, null, null).run(data.resolve("audit")).stream().anyMatch(e -> e.event()
                .detail().contains("recorded from the sent log")));
    }

    @Test
    void aCommittedDeliveryIsNotTouchedAgain() throws Exception {
        Path queueDir = data.resolve("queue");
        try (SqliteMessageQueue queue = SqliteMessageQueue.open(queueDir, clock);
             SentLog log = SentLog.open(queueDir);
             HashChainJournal audit = HashChainJournal.open(data.resolve("audit"), clock, problem -> { })) {
            String id = queue.enqueue(Envelope.of("a@b.test", List.of("x@c.test")),
                    new ByteArrayInputStream("Subject: t\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
            log.record(id, Map.of(0, "250 ok"), () -> queue.markSent(id, Map.of(0, "250 ok")));
            queue.release(id);
            assertEquals(0, log.replay(queue, audit));
        }
    }
}
