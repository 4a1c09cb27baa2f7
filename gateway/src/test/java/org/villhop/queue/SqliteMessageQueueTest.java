package org.villhop.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
