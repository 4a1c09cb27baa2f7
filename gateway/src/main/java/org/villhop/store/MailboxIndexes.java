package org.villhop.store;

import java.lang.ref.SoftReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import static org.villhop.store.SqliteMailboxStore.single;

/**
 * The latest {@link MailboxSnapshot} of each mailbox in use, kept by {@link SqliteMailboxStore} under its lock and
 * updated by every change it commits, so that sessions selecting the same mailbox share one index in memory. Entries
 * are soft references: the JVM may drop an unused index under memory pressure (it is loaded again when next asked
 * for). A commit by another connection to the database (another process: {@code villhop mailbox deliver} beside a
 * running gateway) changes SQLite's {@code PRAGMA data_version}; the cache is then emptied before it is read.
 */
final class MailboxIndexes {

    private final Connection db;
    private final Map<String, SoftReference<MailboxSnapshot>> latest = new HashMap<>();
    /** Entries as they were before the current transaction changed them (null: absent), to undo on rollback. */
    private final Map<String, SoftReference<MailboxSnapshot>> undo = new HashMap<>();
    private long dataVersion = -1;
    /**
     * The \Recent floor of mailboxes claimed through this store (see {@link SqliteMailboxStore#claimRecent});
     * written under the store's lock, read without it (concurrent map).
     */
    private final Map<String, Long> recentFloors = new java.util.concurrent.ConcurrentHashMap<>();

    MailboxIndexes(Connection db) {
        this.db = db;
    }

    /** The cached snapshot of a mailbox, or null; empties the cache first when another connection committed. */
    MailboxSnapshot get(String user, String mailbox) throws SQLException {
        forgetIfChangedElsewhere();
        SoftReference<MailboxSnapshot> kept = latest.get(key(user, mailbox));
        return kept == null ? null : kept.get();
    }

    /** Empties the cache when another connection committed since the last look (or this is the first); true then. */
    boolean forgetIfChangedElsewhere() throws SQLException {
        long version = single(db, "PRAGMA data_version");
        if (version == dataVersion) {
            return false;
        }
        latest.clear();
        undo.clear();
        recentFloors.clear();
        dataVersion = version;
        return true;
    }

    void put(MailboxSnapshot snapshot) {
        String key = key(snapshot.user(), snapshot.mailbox());
        journal(key);
        latest.put(key, new SoftReference<>(snapshot));
    }

    void remove(String user, String mailbox) {
        String key = key(user, mailbox);
        journal(key);
        latest.remove(key);
    }

    /** The known \Recent floor of a mailbox, or null; safe without the store's lock. */
    Long recentFloor(String user, String mailbox) {
        return recentFloors.get(key(user, mailbox));
    }

    void recentFloor(String user, String mailbox, long floor) {
        recentFloors.put(key(user, mailbox), floor);
    }

    /** Forgets every mailbox of a user (renames and deletions change names and hierarchies). */
    void removeUser(String user) {
        recentFloors.keySet().removeIf(k -> k.startsWith(user + '\0'));
        for (String key : latest.keySet().stream().filter(k -> k.startsWith(user + '\0')).toList()) {
            journal(key);
            latest.remove(key);
        }
    }

    /** The transaction committed: its changes stay. */
    void committed() {
        undo.clear();
    }

    /** The transaction was rolled back: the entries it changed are put back as they were. */
    void rolledBack() {
        undo.forEach((key, before) -> {
            if (before == null) {
                latest.remove(key);
            } else {
                latest.put(key, before);
            }
        });
        undo.clear();
    }

    private void journal(String key) {
        if (!undo.containsKey(key)) {
            undo.put(key, latest.get(key));
        }
    }

    private static String key(String user, String mailbox) {
        return user + '\0' + mailbox;
    }
}
