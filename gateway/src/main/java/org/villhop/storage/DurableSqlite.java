package org.villhop.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Opens the embedded SQLite databases of the gateway (queue, mailboxes, tracking, upstream fetch state) the one way
 * that keeps a promise made to a client durable: WAL journal with {@code synchronous=FULL} (every commit is fsynced),
 * a busy timeout for the CLI reading beside a running gateway, foreign keys enforced ({@link #openUnforced}: the
 * same without forcing each commit, for what may be lost in a power cut).
 */
public final class DurableSqlite {
    private DurableSqlite() {
    }

    /**
     * Opens (creating it and its directory when absent) the database at {@code file} and runs {@code schema}, a list
     * of idempotent statements ({@code CREATE TABLE IF NOT EXISTS ...}). The connection is left in auto-commit mode.
     */
    public static Connection open(Path file, List<String> schema) throws IOException, SQLException {
        return open(file, schema, "FULL");
    }

    /**
     * Like {@link #open}, for a database whose commits need to survive a crash of the process but not a power cut
     * (a record that is only informative, such as the tracking of sent messages): {@code synchronous=NORMAL}, the WAL
     * is forced at checkpoints only. After a power cut the database comes back at an earlier commit, never damaged.
     */
    public static Connection openUnforced(Path file, List<String> schema) throws IOException, SQLException {
        return open(file, schema, "NORMAL");
    }

    /**
     * A second connection to a database already opened (and created) by {@link #open}, for reads only
     * ({@code query_only}), left in auto-commit mode: each query sees the last commit and holds no lock after it.
     */
    public static Connection openReader(Path file) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("PRAGMA query_only = 1");
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static Connection open(Path file, List<String> schema, String synchronous)
            throws IOException, SQLException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + absolute);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = " + synchronous);
            s.execute("PRAGMA foreign_keys = ON");
            for (String ddl : schema) {
                if (!ddl.isBlank()) {
                    s.execute(ddl);
                }
            }
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }
}
