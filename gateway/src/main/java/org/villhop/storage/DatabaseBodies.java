package org.villhop.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the bodies a store keeps in its database ({@link InlineBodies}) on a connection of its own, beside the one
 * that writes, and keeps the last ones written ({@link #remember}) or read at hand ({@link RecentBodies}).
 * Thread-safe.
 */
public final class DatabaseBodies implements AutoCloseable {
    /**
     * 64 bodies of at most 256 KiB (16 MiB at most): a queued message is delivered about 40 messages after it was
     * accepted when the queue is busy (0.2 s at 200 messages/s), and 8 are delivered at once to a destination.
     */
    private static final int RECENT = 64;
    private final Connection reader;
    private final String query;
    private final ReentrantLock lock = new ReentrantLock();
    private final RecentBodies recent = new RecentBodies(RECENT);
    /** Guarded by {@link #lock}. */
    private PreparedStatement select;

    /**
     * @param database a database already created by {@link DurableSqlite#open}
     * @param query    the query of one body by id: one parameter, one column ({@code SELECT content FROM t WHERE id = ?})
     */
    public DatabaseBodies(Path database, String query) throws SQLException {
        this.reader = DurableSqlite.openReader(database);
        this.query = query;
    }

    /** The body of {@code id} when the database holds it, else null (in a file, or no such body). */
    public byte[] read(String id) throws SQLException {
        byte[] known = recent.get(id);
        if (known != null) {
            return known;
        }
        lock.lock();
        try {
            if (select == null) {
                select = reader.prepareStatement(query);
            }
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                byte[] body = rs.next() ? rs.getBytes(1) : null;
                if (body != null) {
                    recent.put(id, body);
                }
                return body;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keeps {@code body}, just committed to the database as {@code id}, at hand for the reads that follow (the
     * delivery of a message just queued), before anyone else knows {@code id}; the array is kept, not copied, and
     * must not change.
     */
    public void remember(String id, byte[] body) {
        recent.put(id, body);
    }

    /**
     * To be called once {@code id} has left the database: under the lock, so that a read that found the body just
     * before cannot put it back among the recent ones after this.
     */
    public void forget(String id) {
        lock.lock();
        try {
            recent.forget(id);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws SQLException {
        lock.lock();
        try {
            reader.close();
        } finally {
            lock.unlock();
        }
    }
}
