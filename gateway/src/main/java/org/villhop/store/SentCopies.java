package org.villhop.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.villhop.store.SqliteMailboxStore.prepare;
import static org.villhop.store.SqliteMailboxStore.single;

/**
 * The SQL that keeps one copy of each sent message in a user's {@code \Sent} folder when two paths put it there: the
 * gateway's copy of what the user submitted, and the client's own APPEND (Thunderbird appends by default). Each
 * message put in a {@code \Sent} folder by either path is recorded under its key (its Message-ID, without the angle
 * brackets). The submission copy is skipped when its key is already recorded (the client appended it first, or the
 * copy was made by an earlier attempt of the same delivery: never twice). A client APPEND whose Message-ID matches a
 * submission copy made less than {@link #WINDOW} ago that is still in the folder is answered with that copy's UID and
 * stores nothing; only the first such APPEND is absorbed. Every method runs inside the caller's transaction.
 */
final class SentCopies {
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS sent_copies(mailbox INTEGER NOT NULL REFERENCES mailboxes(id)"
                    + " ON DELETE CASCADE, key TEXT NOT NULL, uid INTEGER NOT NULL, origin TEXT NOT NULL,"
                    + " at INTEGER NOT NULL, PRIMARY KEY(mailbox, key))");

    /** How long after the submission copy a client APPEND of the same message is taken as its duplicate. */
    static final Duration WINDOW = Duration.ofHours(1);

    static final String SUBMISSION = "submission";
    static final String CLIENT = "client";
    private static final String ABSORBED = "absorbed";

    private final Connection db;

    SentCopies(Connection db) {
        this.db = db;
    }

    /** The key of a Message-ID header value: trimmed, without its angle brackets; empty when there is none. */
    static Optional<String> key(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        String id = messageId.strip();
        if (id.startsWith("<") && id.indexOf('>') > 0) {
            id = id.substring(1, id.indexOf('>'));
        }
        id = id.strip();
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /** The user's {@code \Sent} folder. */
    Optional<Long> sentFolder(String user) throws SQLException {
        try (PreparedStatement s = prepare(db, "SELECT id FROM mailboxes WHERE user = ? AND special_use = '\\Sent'"
                + " ORDER BY id LIMIT 1", user); ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    /** The UID recorded under {@code key} in the folder (a submission copy with it is skipped), or empty. */
    Optional<Long> recorded(long mailbox, String key) throws SQLException {
        try (PreparedStatement s = prepare(db, "SELECT uid FROM sent_copies WHERE mailbox = ? AND key = ?", mailbox,
                key); ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    /**
     * For a client APPEND to a {@code \Sent} folder: the UID of the recent submission copy it duplicates (marked as
     * absorbed, so that a second APPEND is stored), or empty.
     */
    Optional<Long> absorb(long mailbox, String key, Instant now) throws SQLException {
        long since = now.minus(WINDOW).toEpochMilli();
        try (PreparedStatement s = prepare(db, "SELECT c.uid FROM sent_copies c JOIN messages m"
                + " ON m.mailbox = c.mailbox AND m.uid = c.uid WHERE c.mailbox = ? AND c.key = ? AND c.origin = ?"
                + " AND c.at >= ?", mailbox, key, SUBMISSION, since); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long uid = rs.getLong(1);
            try (PreparedStatement u = prepare(db, "UPDATE sent_copies SET origin = ? WHERE mailbox = ? AND key = ?",
                    ABSORBED, mailbox, key)) {
                u.executeUpdate();
            }
            return Optional.of(uid);
        }
    }

    /** Records the message just stored in a {@code \Sent} folder under {@code key}. */
    void record(long mailbox, String key, long uid, String origin, Instant now) throws SQLException {
        try (PreparedStatement s = prepare(db, "INSERT OR REPLACE INTO sent_copies(mailbox, key, uid, origin, at)"
                + " VALUES (?, ?, ?, ?, ?)", mailbox, key, uid, origin, now.toEpochMilli())) {
            s.executeUpdate();
        }
    }

    /** A folder's name, and whether it is the {@code \Sent} one. */
    record Folder(String name, boolean sent) {
    }

    Folder folder(long mailbox) throws SQLException {
        try (PreparedStatement s = prepare(db, "SELECT name, special_use FROM mailboxes WHERE id = ?", mailbox);
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("mailbox " + mailbox + " vanished");
            }
            return new Folder(rs.getString(1), "\\Sent".equals(rs.getString(2)));
        }
    }

    long uidValidity(long mailbox) throws SQLException {
        return single(db, "SELECT uidvalidity FROM mailboxes WHERE id = ?", mailbox);
    }
}
