package org.villhop.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.villhop.store.SqliteMailboxStore.prepare;
import static org.villhop.store.SqliteMailboxStore.single;

/** The SQL of {@link SqliteMailboxStore}; every method runs inside the caller's transaction. */
final class MailboxQueries {

    static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS users(name TEXT PRIMARY KEY, quota INTEGER NOT NULL DEFAULT 0,"
                    + " used INTEGER NOT NULL DEFAULT 0)",
            "CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS mailboxes(id INTEGER PRIMARY KEY, user TEXT NOT NULL, name TEXT NOT NULL,"
                    + " uidvalidity INTEGER NOT NULL, uidnext INTEGER NOT NULL, subscribed INTEGER NOT NULL,"
                    + " special_use TEXT NOT NULL, UNIQUE(user, name))",
            "CREATE TABLE IF NOT EXISTS blobs(id TEXT PRIMARY KEY, size INTEGER NOT NULL, refs INTEGER NOT NULL,"
                    + " envelope TEXT NOT NULL, body TEXT NOT NULL, bodystructure TEXT NOT NULL, parts TEXT NOT NULL,"
                    + " headers TEXT NOT NULL, header BLOB)",
            // The content of the blobs kept in the database (small ones, see InlineBodies); the others are files.
            "CREATE TABLE IF NOT EXISTS blob_contents(id TEXT PRIMARY KEY, content BLOB NOT NULL)",
            "CREATE TABLE IF NOT EXISTS messages(mailbox INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,"
                    + " uid INTEGER NOT NULL, blob TEXT NOT NULL, internal_date INTEGER NOT NULL, size INTEGER NOT NULL,"
                    + " flags TEXT NOT NULL, PRIMARY KEY(mailbox, uid))",
            // \Recent (RFC 3501): the messages above a mailbox's floor are recent; absent row = floor 0.
            "CREATE TABLE IF NOT EXISTS recent_floors(mailbox INTEGER PRIMARY KEY REFERENCES mailboxes(id)"
                    + " ON DELETE CASCADE, floor INTEGER NOT NULL)");

    /** The content of one blob kept in the database ({@link org.villhop.storage.DatabaseBodies}). */
    static final String SELECT_CONTENT = "SELECT content FROM blob_contents WHERE id = ?";

    private static final String MESSAGE_COLUMNS = "SELECT m.uid, m.flags, m.internal_date, m.size, b.id, b.envelope,"
            + " b.body, b.bodystructure, b.parts, b.headers FROM messages m JOIN blobs b ON b.id = m.blob WHERE m.mailbox = ?";

    private static final String INDEX_COLUMNS = "SELECT m.uid, m.flags, m.internal_date, m.size, b.id, '', '', '',"
            + " b.parts, b.headers FROM messages m JOIN blobs b ON b.id = m.blob WHERE m.mailbox = ? ORDER BY m.uid";

    private final Connection db;
    private final Clock clock;
    private final Set<String> knownUsers = ConcurrentHashMap.newKeySet();

    MailboxQueries(Connection db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    static String normalize(String mailbox) {
        if (mailbox == null || mailbox.isEmpty()) {
            throw new StoreException("a mailbox name cannot be empty");
        }
        return mailbox.equalsIgnoreCase("INBOX") ? "INBOX" : mailbox;
    }

    void ensureUser(String user) throws SQLException {
        if (user == null || user.isBlank()) {
            throw new StoreException("a user name cannot be empty");
        }
        if (knownUsers.contains(user)) {
            return;
        }
        try (PreparedStatement s = prepare(db, "INSERT OR IGNORE INTO users(name) VALUES (?)", user)) {
            if (s.executeUpdate() > 0) {
                for (Map.Entry<String, String> folder : SqliteMailboxStore.DEFAULT_FOLDERS.entrySet()) {
                    insertMailbox(user, folder.getKey(), folder.getValue());
                }
            }
        }
        knownUsers.add(user);
    }

    List<String> users() throws SQLException {
        List<String> users = new ArrayList<>();
        try (PreparedStatement s = prepare(db, "SELECT name FROM users ORDER BY name"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                users.add(rs.getString(1));
            }
        }
        return users;
    }

    void insertMailbox(String user, String name, String specialUse) throws SQLException {
        long last = single(db, "SELECT value FROM settings WHERE key = 'uidvalidity'");
        long validity = Math.max(clock.instant().getEpochSecond(), last + 1);
        try (PreparedStatement s = prepare(db, "INSERT OR REPLACE INTO settings(key, value) VALUES ('uidvalidity', ?)",
                validity)) {
            s.executeUpdate();
        }
        try (PreparedStatement s = prepare(db, "INSERT INTO mailboxes(user, name, uidvalidity, uidnext, subscribed,"
                + " special_use) VALUES (?, ?, ?, 1, 1, ?)", user, name, validity, specialUse)) {
            s.executeUpdate();
        }
    }

    Optional<Long> mailboxId(String user, String name) throws SQLException {
        try (PreparedStatement s = prepare(db, "SELECT id FROM mailboxes WHERE user = ? AND name = ?", user, name);
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    List<MailboxInfo> mailboxes(String user, String name) throws SQLException {
        String sql = "SELECT x.name, x.uidvalidity, x.uidnext, x.subscribed, x.special_use, COUNT(m.uid),"
                + " COALESCE(SUM(CASE WHEN m.flags NOT LIKE '% \\Seen %' THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN m.flags LIKE '% \\Deleted %' THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(m.size), 0) FROM mailboxes x LEFT JOIN messages m ON m.mailbox = x.id"
                + " WHERE x.user = ?" + (name == null ? "" : " AND x.name = ?") + " GROUP BY x.id ORDER BY x.name";
        List<MailboxInfo> result = new ArrayList<>();
        try (PreparedStatement s = name == null ? prepare(db, sql, user) : prepare(db, sql, user, name);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(new MailboxInfo(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(6), rs.getInt(7),
                        rs.getInt(8), rs.getLong(9), rs.getInt(4) != 0, rs.getString(5)));
            }
        }
        return result;
    }

    long recentFloor(long mailbox) throws SQLException {
        return single(db, "SELECT floor FROM recent_floors WHERE mailbox = ?", mailbox);
    }

    /** Raises the floor to the mailbox's last UID; returns the floor as it was. */
    RecentClaim claimRecent(long mailbox) throws SQLException {
        long before = recentFloor(mailbox);
        long last = single(db, "SELECT uidnext FROM mailboxes WHERE id = ?", mailbox) - 1;
        if (last > before) {
            try (PreparedStatement s = prepare(db, "INSERT INTO recent_floors(mailbox, floor) VALUES (?, ?)"
                    + " ON CONFLICT(mailbox) DO UPDATE SET floor = excluded.floor", mailbox, last)) {
                s.executeUpdate();
            }
        }
        return new RecentClaim(before, Math.max(before, last));
    }

    int recentCount(long mailbox) throws SQLException {
        return (int) single(db, "SELECT COUNT(*) FROM messages WHERE mailbox = ? AND uid > ?", mailbox,
                recentFloor(mailbox));
    }

    void deleteMailbox(long id) throws SQLException {
        try (PreparedStatement s = prepare(db, "DELETE FROM mailboxes WHERE id = ?", id)) {
            s.executeUpdate();
        }
    }

    void rename(String user, String source, String target) throws SQLException {
        try (PreparedStatement s = prepare(db, "UPDATE mailboxes SET name = ? || substr(name, ?) WHERE user = ?"
                + " AND (name = ? OR substr(name, 1, ?) = ?)", target, source.length() + 1, user, source,
                source.length() + 1, source + "/")) {
            s.executeUpdate();
        }
    }

    void subscribe(long id, boolean subscribed) throws SQLException {
        try (PreparedStatement s = prepare(db, "UPDATE mailboxes SET subscribed = ? WHERE id = ?", subscribed ? 1 : 0,
                id)) {
            s.executeUpdate();
        }
    }

    Quota quota(String user) throws SQLException {
        try (PreparedStatement s = prepare(db, "SELECT used, quota FROM users WHERE name = ?", user);
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? new Quota(rs.getLong(1), rs.getLong(2)) : new Quota(0, 0);
        }
    }

    void setQuota(String user, long bytes) throws SQLException {
        try (PreparedStatement s = prepare(db, "UPDATE users SET quota = ? WHERE name = ?", bytes, user)) {
            s.executeUpdate();
        }
    }

    void insertBlob(String id, long size, String envelope, String body, String bodyStructure, String parts,
                    String headers, byte[] header) throws SQLException {
        try (PreparedStatement s = prepare(db, "INSERT INTO blobs(id, size, refs, envelope, body, bodystructure, parts,"
                + " headers, header) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)", id, size, envelope, body, bodyStructure,
                parts, headers, header)) {
            s.executeUpdate();
        }
    }

    /** The content of a blob kept in the database rather than in a file. */
    void insertBlobContent(String id, byte[] content) throws SQLException {
        try (PreparedStatement s = prepare(db, "INSERT INTO blob_contents(id, content) VALUES (?, ?)", id, content)) {
            s.executeUpdate();
        }
    }

    void addBlobReference(String blob) throws SQLException {
        try (PreparedStatement s = prepare(db, "UPDATE blobs SET refs = refs + 1 WHERE id = ?", blob)) {
            s.executeUpdate();
        }
    }

    AppendResult insertMessage(String user, long mailbox, String blob, Instant date, Set<String> flags, long size)
            throws SQLException {
        long uid = single(db, "SELECT uidnext FROM mailboxes WHERE id = ?", mailbox);
        long validity = single(db, "SELECT uidvalidity FROM mailboxes WHERE id = ?", mailbox);
        try (PreparedStatement s = prepare(db, "INSERT INTO messages(mailbox, uid, blob, internal_date, size, flags)"
                + " VALUES (?, ?, ?, ?, ?, ?)", mailbox, uid, blob, date.toEpochMilli(), size, Flags.toColumn(flags));
             PreparedStatement next = prepare(db, "UPDATE mailboxes SET uidnext = ? WHERE id = ?", uid + 1, mailbox);
             PreparedStatement used = prepare(db, "UPDATE users SET used = used + ? WHERE name = ?", size, user)) {
            s.executeUpdate();
            next.executeUpdate();
            used.executeUpdate();
        }
        return new AppendResult(validity, uid);
    }

    /** Messages of a mailbox by ascending UID; {@code uids} null means all. */
    List<MessageMeta> messages(String user, String name, long mailbox, Collection<Long> uids) throws SQLException {
        Set<Long> wanted = uids == null ? null : new HashSet<>(uids);
        List<MessageMeta> result = new ArrayList<>();
        if (wanted != null && wanted.size() <= 64) {
            for (long uid : wanted.stream().sorted().toList()) {
                try (PreparedStatement s = prepare(db, MESSAGE_COLUMNS + " AND m.uid = ?", mailbox, uid);
                     ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        result.add(meta(rs, user, name));
                    }
                }
            }
            return result;
        }
        long low = wanted == null || wanted.isEmpty() ? 0 : Collections.min(wanted);
        long high = wanted == null || wanted.isEmpty() ? Long.MAX_VALUE : Collections.max(wanted);
        try (PreparedStatement s = prepare(db, MESSAGE_COLUMNS + " AND m.uid BETWEEN ? AND ? ORDER BY m.uid", mailbox,
                low, high);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (wanted == null || wanted.contains(rs.getLong(1))) {
                    result.add(meta(rs, user, name));
                }
            }
        }
        return result;
    }

    Map<Long, byte[]> headerBlocks(long mailbox, Collection<Long> uids) throws SQLException {
        Set<Long> wanted = new HashSet<>(uids);
        Map<Long, byte[]> result = new HashMap<>();
        String sql = "SELECT m.uid, b.header FROM messages m JOIN blobs b ON b.id = m.blob WHERE m.mailbox = ?"
                + " AND b.header IS NOT NULL";
        if (wanted.size() <= 64) {
            for (long uid : wanted) {
                try (PreparedStatement s = prepare(db, sql + " AND m.uid = ?", mailbox, uid);
                     ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        result.put(uid, rs.getBytes(2));
                    }
                }
            }
            return result;
        }
        long low = Collections.min(wanted);
        long high = Collections.max(wanted);
        try (PreparedStatement s = prepare(db, sql + " AND m.uid BETWEEN ? AND ?", mailbox, low, high);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (wanted.contains(rs.getLong(1))) {
                    result.put(rs.getLong(1), rs.getBytes(2));
                }
            }
        }
        return result;
    }

    /** The mailbox's UIDVALIDITY, UIDNEXT and light metadata of every message. */
    MailboxSnapshot snapshot(String user, String name, long mailbox) throws SQLException {
        long validity = single(db, "SELECT uidvalidity FROM mailboxes WHERE id = ?", mailbox);
        long next = single(db, "SELECT uidnext FROM mailboxes WHERE id = ?", mailbox);
        List<MessageMeta> result = new ArrayList<>();
        try (PreparedStatement s = prepare(db, INDEX_COLUMNS, mailbox); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(meta(rs, user, name));
            }
        }
        return MailboxSnapshot.of(user, name, validity, next, result);
    }

    long uidNext(long mailbox) throws SQLException {
        return single(db, "SELECT uidnext FROM mailboxes WHERE id = ?", mailbox);
    }

    /** A mailbox's subscription and special use. */
    record Attributes(boolean subscribed, String specialUse) {
    }

    Optional<Attributes> mailboxAttributes(String user, String name) throws SQLException {
        try (PreparedStatement s = prepare(db, "SELECT subscribed, special_use FROM mailboxes WHERE user = ?"
                + " AND name = ?", user, name); ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(new Attributes(rs.getInt(1) != 0, rs.getString(2))) : Optional.empty();
        }
    }

    List<MessageMeta> messagesAfter(String user, String name, long mailbox, long uid) throws SQLException {
        List<MessageMeta> result = new ArrayList<>();
        try (PreparedStatement s = prepare(db, MESSAGE_COLUMNS + " AND m.uid > ? ORDER BY m.uid", mailbox, uid);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(meta(rs, user, name));
            }
        }
        return result;
    }

    private static MessageMeta meta(ResultSet rs, String user, String name) throws SQLException {
        return new MessageMeta(user, name, rs.getLong(1), Flags.fromColumn(rs.getString(2)),
                Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), MessageParts.parse(rs.getString(9)), rs.getString(10));
    }

    void updateFlags(long mailbox, long uid, Set<String> flags) throws SQLException {
        try (PreparedStatement s = prepare(db, "UPDATE messages SET flags = ? WHERE mailbox = ? AND uid = ?",
                Flags.toColumn(flags), mailbox, uid)) {
            s.executeUpdate();
        }
    }

    /** A blob no longer referenced, deleted from the database: its file, when it has one, is the caller's. */
    record Orphan(String blob, boolean hasFile) {
    }

    /**
     * Deletes messages ({@code uids} null: all of the mailbox) and the blobs no longer referenced (with their content
     * when the database holds it), and returns those blobs.
     */
    List<Orphan> deleteMessages(long mailbox, Collection<Long> uids) throws SQLException {
        String where = " WHERE mailbox = ?" + (uids == null ? "" : " AND uid = ?");
        List<Object[]> targets = new ArrayList<>();
        if (uids == null) {
            targets.add(new Object[] {mailbox});
        } else {
            uids.forEach(uid -> targets.add(new Object[] {mailbox, uid}));
        }
        for (Object[] target : targets) {
            try (PreparedStatement used = prepare(db, "UPDATE users SET used = used - (SELECT COALESCE(SUM(size), 0)"
                    + " FROM messages" + where + ") WHERE name = (SELECT user FROM mailboxes WHERE id = ?)",
                    append(target, mailbox));
                 PreparedStatement refs = prepare(db, "UPDATE blobs SET refs = refs - (SELECT COUNT(*) FROM messages"
                         + where + " AND blob = blobs.id) WHERE id IN (SELECT blob FROM messages" + where + ")",
                         append(target, target));
                 PreparedStatement delete = prepare(db, "DELETE FROM messages" + where, target)) {
                used.executeUpdate();
                refs.executeUpdate();
                delete.executeUpdate();
            }
        }
        List<Orphan> orphans = new ArrayList<>();
        try (PreparedStatement s = prepare(db, "SELECT b.id, c.id IS NULL FROM blobs b LEFT JOIN blob_contents c"
                + " ON c.id = b.id WHERE b.refs <= 0"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                orphans.add(new Orphan(rs.getString(1), rs.getBoolean(2)));
            }
        }
        try (PreparedStatement s = prepare(db, "DELETE FROM blob_contents WHERE id IN (SELECT id FROM blobs"
                + " WHERE refs <= 0)")) {
            s.executeUpdate();
        }
        try (PreparedStatement s = prepare(db, "DELETE FROM blobs WHERE refs <= 0")) {
            s.executeUpdate();
        }
        return orphans;
    }

    private static Object[] append(Object[] first, Object... rest) {
        Object[] all = new Object[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
