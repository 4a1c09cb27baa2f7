package org.villhop.queue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.villhop.storage.DatabaseBodies;
import org.villhop.storage.GroupCommit;
import org.villhop.storage.InlineBodies;

/**
 * The embedded queue: envelopes, recipient states and small bodies in SQLite (WAL, {@code synchronous=FULL};
 * concurrent transactions share one commit, see {@link GroupCommit}), larger bodies as files ({@link BodySpool}):
 * which goes where is {@link InlineBodies}'s rule. Layout under the directory given to {@link #open}:
 * {@code queue.db}, {@code messages/ID.eml}, {@code tmp/}. Safe for concurrent use by many threads; opening it cleans
 * up what a crash left half-written.
 *
 * <p>What is forced to disk before the call returns: an acceptance ({@link #commit}), a removal ({@link #release},
 * {@link #delete}: the body file is deleted only after) and the administrator's changes. Leases ({@link #claimDue}) and
 * recipient states ({@code mark...}) are committed without forcing the WAL ({@link GroupCommit#runRelaxed}): they
 * survive a crash of the process, and the {@link #release} that ends every delivery attempt forces them. A power cut
 * between the two can only make a delivery be tried again, never lose a message.
 */
public final class SqliteMessageQueue implements MessageQueue {
    /** Readers of a body often read its header byte by byte: reads go through a buffer of this size. */
    private static final int READ_BUFFER = 16 * 1024;
    private final Connection db;
    private final BodySpool spool;
    private final Clock clock;
    private final GroupCommit transactions;
    private final SecureRandom random = new SecureRandom();
    private final SqliteRows rows = new SqliteRows();
    private final InlineBodies inline;
    private final DatabaseBodies kept;

    private SqliteMessageQueue(Connection db, DatabaseBodies kept, BodySpool spool, Clock clock,
                               InlineBodies inline) {
        this.db = db;
        this.kept = kept;
        this.transactions = new GroupCommit(db, "queue-commit");
        this.spool = spool;
        this.clock = clock;
        this.inline = inline;
    }

    /** Opens (creating when needed) the queue in {@code dir}, removing bodies left by an interrupted commit. */
    public static SqliteMessageQueue open(Path dir, Clock clock) throws IOException {
        return open(dir, clock, InlineBodies.DEFAULT);
    }

    static SqliteMessageQueue open(Path dir, Clock clock, InlineBodies inline) throws IOException {
        Files.createDirectories(dir);
        BodySpool spool = new BodySpool(dir);
        Connection db = null;
        try {
            db = SqliteStatements.open(dir.resolve("queue.db"));
            DatabaseBodies kept = new DatabaseBodies(dir.resolve("queue.db"), SqliteStatements.SELECT_BODY);
            SqliteMessageQueue queue = new SqliteMessageQueue(db, kept, spool, clock, inline);
            spool.removeOrphans(queue::exists);
            return queue;
        } catch (SQLException e) {
            if (db != null) {
                try {
                    db.close();
                } catch (SQLException ignored) {
                    // already failing: the first error is the one reported
                }
            }
            throw new IOException("cannot open queue database in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StagedBody stage(InputStream body) throws IOException {
        return switch (inline.read(body)) {
            case InlineBodies.InMemory small -> new InlineStagedBody(small);
            case InlineBodies.Spill spill -> new SpoolStagedBody(spool.stage(spill.stream()));
        };
    }

    @Override
    public String commit(StagedBody body, Envelope envelope) throws IOException {
        return commit(body, envelope, null);
    }

    @Override
    public String commitHandedOver(StagedBody body, Envelope envelope, String idempotencyKey) throws IOException {
        return commit(body, envelope, java.util.Objects.requireNonNull(idempotencyKey, "idempotencyKey"));
    }

    @Override
    public boolean hasAccepted(String idempotencyKey) throws IOException {
        return inTransaction(() -> {
            try (var st = db.prepareStatement("SELECT 1 FROM handed_over WHERE idempotency_key = ?")) {
                st.setString(1, idempotencyKey);
                try (var rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private String commit(StagedBody body, Envelope envelope, String idempotencyKey) throws IOException {
        String id = newId();
        Instant now = clock.instant();
        if (body instanceof InlineStagedBody small && !small.committed) {
            inTransaction(() -> {
                insert(id, envelope, small.size(), now, idempotencyKey);
                try (var st = db.prepareStatement("INSERT INTO bodies(message_id, content) VALUES(?,?)")) {
                    st.setString(1, id);
                    st.setBytes(2, small.body.bytes());
                    st.executeUpdate();
                }
                return null;
            });
            small.committed = true;
            kept.remember(id, small.body.bytes());
            small.body.release();
            return id;
        }
        if (!(body instanceof SpoolStagedBody staged) || staged.committed) {
            throw new IllegalArgumentException("not an uncommitted body staged by this queue");
        }
        spool.publish(staged.file.path(), id);
        staged.committed = true;
        try {
            inTransaction(() -> insert(id, envelope, staged.size(), now, idempotencyKey));
        } catch (IOException | RuntimeException e) {
            spool.delete(id);
            throw e;
        }
        return id;
    }

    private Void insert(String id, Envelope envelope, long size, Instant now, String idempotencyKey)
            throws SQLException {
        rows.insert(db, id, envelope, size, now);
        if (idempotencyKey != null) {
            try (var st = db.prepareStatement(
                    "INSERT INTO handed_over(idempotency_key, message_id, accepted) VALUES(?,?,?)")) {
                st.setString(1, idempotencyKey);
                st.setString(2, id);
                st.setLong(3, now.toEpochMilli());
                st.executeUpdate();
            }
        }
        return null;
    }

    @Override
    public List<QueuedMessage> claimDue(Instant now, Duration lease, int limit) throws IOException {
        return inRelaxedTransaction(() -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT DISTINCT m.id FROM messages m JOIN recipients r ON r.message_id = m.id
                    WHERE r.status IN ('QUEUED', 'DEFERRED') AND r.next_attempt <= ? AND m.lease_until <= ?
                    ORDER BY m.received LIMIT ?""")) {
                st.setLong(1, now.toEpochMilli());
                st.setLong(2, now.toEpochMilli());
                st.setInt(3, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<QueuedMessage> claimed = new ArrayList<>();
            try (PreparedStatement st = db.prepareStatement("UPDATE messages SET lease_until = ? WHERE id = ?")) {
                for (String id : ids) {
                    st.setLong(1, now.plus(lease).toEpochMilli());
                    st.setString(2, id);
                    st.executeUpdate();
                    rows.load(db, id).ifPresent(claimed::add);
                }
            }
            return claimed;
        });
    }

    @Override
    public boolean release(String id) throws IOException {
        boolean removed = inTransaction(() -> {
            update("UPDATE messages SET lease_until = 0 WHERE id = ?", id);
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT COUNT(*) FROM recipients WHERE message_id = ? AND status IN ('QUEUED', 'DEFERRED')")) {
                st.setString(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return false;
                    }
                }
            }
            return update("DELETE FROM messages WHERE id = ?", id) > 0;
        });
        if (removed) {
            kept.forget(id);
            spool.delete(id);
        }
        return removed;
    }

    @Override
    public void markSent(String id, int index, String reply) throws IOException {
        setStatus(id, index, DeliveryStatus.SENT, reply, null);
    }

    @Override
    public void markDeferred(String id, int index, String reply, Instant nextAttempt) throws IOException {
        setStatus(id, index, DeliveryStatus.DEFERRED, reply, nextAttempt);
    }

    @Override
    public void markBounced(String id, int index, String reply) throws IOException {
        setStatus(id, index, DeliveryStatus.BOUNCED, reply, null);
    }

    @Override
    public void markSent(String id, Map<Integer, String> replies) throws IOException {
        long now = clock.millis();
        int changed = inRelaxedTransaction(() -> {
            int n = 0;
            for (Map.Entry<Integer, String> reply : replies.entrySet()) {
                n += updateStatus(id, reply.getKey(), DeliveryStatus.SENT, reply.getValue(), null, now);
            }
            if (n != replies.size()) {
                db.rollback();
            }
            return n;
        });
        if (changed != replies.size()) {
            throw new IllegalArgumentException("queued message " + id + " lacks some of the recipients "
                    + replies.keySet());
        }
    }

    private void setStatus(String id, int index, DeliveryStatus status, String reply, Instant next)
            throws IOException {
        long now = clock.millis();
        int changed = inRelaxedTransaction(() -> updateStatus(id, index, status, reply, next, now));
        if (changed == 0) {
            throw new IllegalArgumentException("no recipient " + index + " in queued message " + id);
        }
    }

    private int updateStatus(String id, int index, DeliveryStatus status, String reply, Instant next, long now)
            throws SQLException {
        try (PreparedStatement st = db.prepareStatement("""
                UPDATE recipients SET status = ?, attempts = attempts + 1, last_reply = ?,
                  next_attempt = COALESCE(?, next_attempt), updated = ? WHERE message_id = ? AND idx = ?""")) {
            st.setString(1, status.name());
            st.setString(2, reply);
            if (next == null) {
                st.setNull(3, java.sql.Types.INTEGER);
            } else {
                st.setLong(3, next.toEpochMilli());
            }
            st.setLong(4, now);
            st.setString(5, id);
            st.setInt(6, index);
            return st.executeUpdate();
        }
    }

    @Override
    public InputStream openBody(String id) throws IOException {
        byte[] inDatabase;
        try {
            inDatabase = kept.read(id);
        } catch (SQLException e) {
            throw new IOException("queue database: cannot read the body of " + id + ": " + e.getMessage(), e);
        }
        if (inDatabase != null) {
            return new ByteArrayInputStream(inDatabase);
        }
        return new BufferedInputStream(Files.newInputStream(spool.bodyPath(id)), READ_BUFFER);
    }

    @Override
    public Optional<QueuedMessage> find(String id) throws IOException {
        return inTransaction(() -> rows.load(db, id));
    }

    @Override
    public List<QueuedMessage> list() throws IOException {
        return inTransaction(() -> rows.loadAll(db));
    }

    @Override
    public boolean retryNow(String id, Instant now) throws IOException {
        return inTransaction(() -> {
            if (update("UPDATE messages SET lease_until = 0 WHERE id = ?", id) == 0) {
                return false;
            }
            try (PreparedStatement st = db.prepareStatement("""
                    UPDATE recipients SET next_attempt = ? WHERE message_id = ?
                    AND status IN ('QUEUED', 'DEFERRED')""")) {
                st.setLong(1, now.toEpochMilli());
                st.setString(2, id);
                st.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public boolean delete(String id) throws IOException {
        boolean deleted = inTransaction(() -> update("DELETE FROM messages WHERE id = ?", id) > 0);
        if (deleted) {
            kept.forget(id);
            spool.delete(id);
        }
        return deleted;
    }

    @Override
    public void close() throws IOException {
        try {
            kept.close();
            transactions.close();
        } catch (SQLException e) {
            throw new IOException("cannot close queue database: " + e.getMessage(), e);
        }
    }

    private boolean exists(String id) {
        try {
            return find(id).isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    private int update(String sql, String id) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            st.setString(1, id);
            return st.executeUpdate();
        }
    }

    private String newId() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return Long.toString(clock.millis(), 36) + "-" + HexFormat.of().formatHex(bytes);
    }

    /** One transaction, committed (with those of concurrent callers: group commit) before it returns. */
    private <T> T inTransaction(GroupCommit.Work<T> work) throws IOException {
        try {
            return transactions.run(work);
        } catch (SQLException e) {
            throw new IOException("queue database: " + e.getMessage(), e);
        }
    }

    /** One transaction, committed before it returns, forced to disk at the latest with the next durable one. */
    private <T> T inRelaxedTransaction(GroupCommit.Work<T> work) throws IOException {
        try {
            return transactions.runRelaxed(work);
        } catch (SQLException e) {
            throw new IOException("queue database: " + e.getMessage(), e);
        }
    }

    /** A body {@link #stage} kept in memory, for the database; its memory is given back on commit or close. */
    private static final class InlineStagedBody implements StagedBody {
        private final InlineBodies.InMemory body;
        private volatile boolean committed;

        InlineStagedBody(InlineBodies.InMemory body) {
            this.body = body;
        }

        @Override
        public long size() {
            return body.bytes().length;
        }

        @Override
        public InputStream open() throws IOException {
            if (committed) {
                throw new IOException("staged body already committed");
            }
            return new ByteArrayInputStream(body.bytes());
        }

        @Override
        public void close() {
            body.release();
        }
    }

    /** A spool file handed out by {@link #stage}; deleted on close unless committed. */
    private static final class SpoolStagedBody implements StagedBody {
        private final BodySpool.StagedFile file;
        private volatile boolean committed;

        SpoolStagedBody(BodySpool.StagedFile file) {
            this.file = file;
        }

        @Override
        public long size() {
            return file.size();
        }

        @Override
        public InputStream open() throws IOException {
            if (committed) {
                throw new IOException("staged body already committed");
            }
            return new BufferedInputStream(Files.newInputStream(file.path()), READ_BUFFER);
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    Files.deleteIfExists(file.path());
                } catch (IOException ignored) {
                    // a leftover in tmp/ is removed when the queue is next opened
                }
            }
        }
    }
}
