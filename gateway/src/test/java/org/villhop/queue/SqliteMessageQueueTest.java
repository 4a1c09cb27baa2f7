package org.villhop.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.storage.InlineBodies;

class SqliteMessageQueueTest implements MessageQueueContract {

    @Override
    public MessageQueue open(Path dir, SettableClock clock) throws IOException {
        return SqliteMessageQueue.open(dir, clock);
    }

    @Test
    void databaseRunsInWalModeWithFullSynchronousCommits(@TempDir Path dir) throws Exception {
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            assertTrue(queue.list().isEmpty());
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("queue.db"));
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void reopeningRemovesBodiesWhoseEnvelopeWasNeverCommitted(@TempDir Path dir) throws Exception {
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            assertTrue(queue.list().isEmpty());
        }
        Path orphan = Files.writeString(dir.resolve("messages/abc-000000.eml"), "half done");
        Path part = Files.writeString(dir.resolve("tmp/x.part"), "partial");
        try (MessageQueue queue = open(dir, new SettableClock(START))) {
            assertTrue(queue.list().isEmpty());
        }
        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(part));
    }

    @Test
    void smallBodiesLiveInTheDatabaseAndLargerOnesInFilesBothReadBackWhole(@TempDir Path dir) throws Exception {
        byte[] small = bytes(1024, 'a');
        byte[] large = bytes(1025, 'b');
        String smallId;
        String largeId;
        try (MessageQueue queue = SqliteMessageQueue.open(dir, new SettableClock(START), new InlineBodies(1024, 4096))) {
            smallId = queue.enqueue(Envelope.of("alice@hopital.test", List.of("bob@cabinet.test")),
                    new ByteArrayInputStream(small));
            largeId = queue.enqueue(Envelope.of("alice@hopital.test", List.of("bob@cabinet.test")),
                    new ByteArrayInputStream(large));
            assertEquals(List.of(largeId + ".eml"), bodyFiles(dir), "only the larger body has a file");
            assertEquals(1, bodiesInDatabase(dir));
        }
        try (MessageQueue queue = SqliteMessageQueue.open(dir, new SettableClock(START), new InlineBodies(1024, 4096))) {
            assertArrayEquals(small, read(queue, smallId), "kept across a restart");
            assertArrayEquals(large, read(queue, largeId));
            assertEquals(1024, queue.find(smallId).orElseThrow().size());
            assertTrue(queue.delete(smallId));
            assertEquals(0, bodiesInDatabase(dir), "a removed message takes its body with it");
            assertTrue(queue.delete(largeId));
            assertEquals(List.of(), bodyFiles(dir));
        }
    }

    @Test
    void whileTheMemoryBoundIsTakenBodiesGoToFilesAndDroppedOnesGiveItBack(@TempDir Path dir) throws Exception {
        try (MessageQueue queue = SqliteMessageQueue.open(dir, new SettableClock(START), new InlineBodies(1024, 1024))) {
            Envelope envelope = Envelope.of("alice@hopital.test", List.of("bob@cabinet.test"));
            String second;
            try (StagedBody first = queue.stage(new ByteArrayInputStream(bytes(10, 'a')))) {
                try (StagedBody other = queue.stage(new ByteArrayInputStream(bytes(10, 'b')))) {
                    second = queue.commit(other, envelope);
                }
                assertEquals(List.of(second + ".eml"), bodyFiles(dir), "the bound was held by the first body");
                assertArrayEquals(bytes(10, 'a'), first.open().readAllBytes());
            }
            assertEquals(0, bodiesInDatabase(dir), "the first body was dropped, not committed");
            String third = queue.enqueue(envelope, new ByteArrayInputStream(bytes(10, 'c')));
            assertEquals(1, bodiesInDatabase(dir), "dropping the first gave its memory back");
            assertArrayEquals(bytes(10, 'c'), read(queue, third));
            assertArrayEquals(bytes(10, 'b'), read(queue, second));
        }
    }

    @Test
    void aBodyJustQueuedIsReadFromMemoryUntilItsMessageLeavesTheQueue(@TempDir Path dir) throws Exception {
        byte[] body = bytes(1000, 'c');
        try (MessageQueue queue = SqliteMessageQueue.open(dir, new SettableClock(START), new InlineBodies(1024, 4096))) {
            String id = queue.enqueue(Envelope.of("alice@hopital.test", List.of("bob@cabinet.test")),
                    new ByteArrayInputStream(body));
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("queue.db"));
                 Statement st = db.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.execute("UPDATE bodies SET content = x'00' WHERE message_id = '" + id + "'");
            }
            assertArrayEquals(body, read(queue, id), "the body kept at commit, not read back");
            assertTrue(queue.delete(id));
            assertThrows(IOException.class, () -> read(queue, id), "forgotten with its message");
        }
    }

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static byte[] read(MessageQueue queue, String id) throws IOException {
        try (InputStream in = queue.openBody(id)) {
            return in.readAllBytes();
        }
    }

    private static List<String> bodyFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("messages"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static int bodiesInDatabase(Path dir) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("queue.db"));
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM bodies")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
