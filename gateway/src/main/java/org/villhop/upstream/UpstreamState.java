package org.villhop.upstream;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.villhop.storage.DurableSqlite;

/**
 * What the fetchers remember across restarts, per account and folder: the UIDVALIDITY and the last UID settled, and
 * each fetched message's progress ({@link Step}) by UID and by Message-ID. SQLite, WAL, {@code synchronous=FULL}: a step
 * recorded survives a crash. Thread-safe; one instance may serve every account.
 */
public final class UpstreamState implements AutoCloseable {
    /** A fetched message's progress. */
    public enum Step {
        /** Being handed to the inbound handler: whether it was accepted is unknown after a crash. */
        HANDING,
        /** Durably accepted by the handler; not yet flagged or deleted upstream. */
        ACCEPTED,
        /** Flagged or deleted upstream: done. */
        SETTLED
    }

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS folder_state(account TEXT NOT NULL, folder TEXT NOT NULL,"
                + " uid_validity INTEGER NOT NULL, last_uid INTEGER NOT NULL, PRIMARY KEY(account, folder))",
        "CREATE TABLE IF NOT EXISTS fetched(account TEXT NOT NULL, folder TEXT NOT NULL, uid_validity INTEGER NOT NULL,"
                + " uid INTEGER NOT NULL, message_id TEXT, step TEXT NOT NULL, at INTEGER NOT NULL,"
                + " PRIMARY KEY(account, folder, uid_validity, uid))",
        "CREATE INDEX IF NOT EXISTS fetched_message_id ON fetched(account, message_id)",
    };

    private final Connection db;
    private final Clock clock;

    private UpstreamState(Connection db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Where the fetch state lives in a data directory. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve("upstream").resolve("state.db");
    }

    public static UpstreamState open(Path file, Clock clock) {
        try {
            Connection db = DurableSqlite.open(file, List.of(SCHEMA));
            return new UpstreamState(db, clock);
        } catch (SQLException | IOException e) {
            throw new UpstreamException("cannot open the upstream fetch state " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The last UID settled in this folder under this UIDVALIDITY; 0 when the folder is new or its UIDVALIDITY changed
     * (every UID is then new, and the Message-ID guard keeps already-accepted messages from being handed again).
     */
    public synchronized long lastUid(String account, String folder, long uidValidity) {
        try {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT uid_validity, last_uid FROM folder_state WHERE account = ? AND folder = ?")) {
                p.setString(1, account);
                p.setString(2, folder);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next() && r.getLong(1) == uidValidity) {
                        return r.getLong(2);
                    }
                }
            }
            try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO folder_state(account, folder, "
                    + "uid_validity, last_uid) VALUES(?,?,?,0)")) {
                p.setString(1, account);
                p.setString(2, folder);
                p.setLong(3, uidValidity);
                p.executeUpdate();
            }
            return 0;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Raises the last settled UID of the folder. */
    public synchronized void advance(String account, String folder, long uidValidity, long uid) {
        update("UPDATE folder_state SET last_uid = max(last_uid, ?) WHERE account = ? AND folder = ? "
                + "AND uid_validity = ?", uid, account, folder, uidValidity);
    }

    public synchronized Optional<Step> step(FetchedMessage m) {
        try (PreparedStatement p = db.prepareStatement("SELECT step FROM fetched WHERE account = ? AND folder = ? "
                + "AND uid_validity = ? AND uid = ?")) {
            p.setString(1, m.account());
            p.setString(2, m.folder());
            p.setLong(3, m.uidValidity());
            p.setLong(4, m.uid());
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(Step.valueOf(r.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Whether a message with this Message-ID was already accepted from this account (under any UID). */
    public synchronized boolean acceptedMessageId(String account, String messageId) {
        try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM fetched WHERE account = ? AND message_id = ? "
                + "AND step <> 'HANDING' LIMIT 1")) {
            p.setString(1, account);
            p.setString(2, messageId);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Records a message's progress (committed and synced before returning). */
    public synchronized void record(FetchedMessage m, Step step) {
        update("INSERT INTO fetched(account, folder, uid_validity, uid, message_id, step, at) VALUES(?,?,?,?,?,?,?) "
                        + "ON CONFLICT(account, folder, uid_validity, uid) DO UPDATE SET step = excluded.step, "
                        + "at = excluded.at",
                m.account(), m.folder(), m.uidValidity(), m.uid(), m.messageId().orElse(null), step.name(),
                clock.millis());
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void update(String sql, Object... values) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                p.setObject(i + 1, values[i]);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static UpstreamException failure(SQLException e) {
        return new UpstreamException("upstream fetch state error: " + e.getMessage(), e);
    }
}
