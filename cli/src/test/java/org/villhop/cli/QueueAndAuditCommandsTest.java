package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.audit.AuditEvent;
import org.villhop.audit.HashChainJournal;
import org.villhop.audit.Json;
import org.villhop.queue.DeliveryStatus;
import org.villhop.queue.Envelope;
import org.villhop.queue.SqliteMessageQueue;

class QueueAndAuditCommandsTest {
    @TempDir
    Path data;

    private VillhopCommandTest.Run run(String... args) {
        return VillhopCommandTest.run(args);
    }

    private String enqueue(String to) throws Exception {
        try (SqliteMessageQueue queue = SqliteMessageQueue.open(data.resolve("queue"), Clock.systemUTC())) {
            return queue.enqueue(Envelope.of("alice@hopital.test", List.of(to)),
                    new ByteArrayInputStream("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void queueListShowRetryAndDeleteWorkOnTheDataDirectory() throws Exception {
        String id = enqueue("dr.house@cabinet.test");
        try (SqliteMessageQueue queue = SqliteMessageQueue.open(data.resolve("queue"), Clock.systemUTC())) {
            queue.markDeferred(id, 0, "451 4.4.1 no answer", Instant.now().plusSeconds(3600));
        }
        VillhopCommandTest.Run list = run("queue", "list", "--data", data.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains(id) && list.out().contains("dr.house@cabinet.test (deferred)"), list.out());

        VillhopCommandTest.Run json = run("queue", "list", "--json", "--data", data.toString());
        List<?> parsed = (List<?>) Json.parseObject("{\"a\":" + json.out().trim() + "}").get("a");
        assertEquals(1, parsed.size());

        VillhopCommandTest.Run show = run("queue", "show", id, "--data", data.toString());
        assertTrue(show.out().contains("last reply: 451 4.4.1 no answer"), show.out());

        assertEquals(0, run("queue", "retry", id, "--data", data.toString()).code());
        try (SqliteMessageQueue queue = SqliteMessageQueue.open(data.resolve("queue"), Clock.systemUTC())) {
            assertEquals(DeliveryStatus.DEFERRED, queue.find(id).orElseThrow().recipients().get(0).status());
            assertTrue(queue.find(id).orElseThrow().recipients().get(0).nextAttempt()
                    .isBefore(Instant.now().plusSeconds(5)));
        }
        assertEquals(0, run("queue", "delete", id, "--data", data.toString()).code());
        VillhopCommandTest.Run again = run("queue", "delete", id, "--data", data.toString());
        assertEquals(1, again.code());
        assertEquals("villhop: no message " + id + " in the queue\n", again.err());
        assertTrue(run("queue", "list", "--data", data.toString()).out().contains("queue is empty"));
    }

    @Test
    void queueCommandsOnAMissingDataDirectorySayWhere() {
        VillhopCommandTest.Run run = run("queue", "list", "--data", data.resolve("nope").toString());
        assertEquals(1, run.code());
        assertEquals("villhop: no queue in " + data.resolve("nope/queue") + " (is --data right?)\n", run.err());
    }

    @Test
    void auditVerifyReportsTheAlteredLineAndSearchFilters() throws Exception {
        Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
        for (int i = 0; i < 3; i++) {
            try (HashChainJournal journal = HashChainJournal.open(data.resolve("audit"),
                    Clock.fixed(t0.plusSeconds(3600L * i), ZoneOffset.UTC), System.err::println)) {
                journal.record(new AuditEvent(AuditEvent.MESSAGE_ACCEPTED, AuditEvent.SUCCESS, "alice", "192.0.2.1",
                        "<m" + i + "@hopital.test>", "alice@hopital.test", List.of("bob" + i + "@cabinet.test"), null));
            }
        }
        VillhopCommandTest.Run ok = run("audit", "verify", "--data", data.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("audit journal intact: 3 entries"), ok.out());

        VillhopCommandTest.Run byAddress = run("audit", "search", "--address", "bob1@cabinet.test",
                "--data", data.toString());
        assertTrue(byAddress.out().contains("id=<m1@hopital.test>") && byAddress.out().endsWith("1 entry\n"),
                byAddress.out());
        VillhopCommandTest.Run byTime = run("audit", "search", "--from", "2026-03-02T09:00:00Z", "--to",
                "2026-03-03", "--json", "--data", data.toString());
        assertEquals(2, byTime.out().lines().count(), byTime.out());
        assertEquals(2, run("audit", "search", "--from", "yesterday", "--data", data.toString()).code());

        Path file = data.resolve("audit/journal.jsonl");
        Files.writeString(file, Files.readString(file).replace("bob1@cabinet.test", "eve@cabinet.test"));
        VillhopCommandTest.Run tampered = run("audit", "verify", "--data", data.toString());
        assertEquals(AuditCommand.TAMPERED, tampered.code());
        assertEquals("villhop: audit journal altered at line 2: hash does not match the entry's content (entry "
                + "edited) (1 entries verified before it)\n", tampered.err());
    }
}
