package org.villhop.queue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;

/** Opens the queue's SQLite database with durable settings and creates its tables. */
final class SqliteStatements {
    static final String MESSAGE_COLUMNS =
            "id, received, sender, envid, ret, body_type, smtputf8, auth_user, remote, helo, size";
    static final String RECIPIENT_COLUMNS =
            "message_id, idx, address, notify, orcpt, status, attempts, last_reply, next_attempt, updated";

    private SqliteStatements() {
    }

    /** WAL journal, {@code synchronous=FULL} (every commit is fsynced), foreign keys on. */
    static Connection open(Path database) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = FULL");
            st.execute("PRAGMA foreign_keys = ON");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS messages (
                      id TEXT PRIMARY KEY, received INTEGER NOT NULL, sender TEXT NOT NULL, envid TEXT, ret TEXT,
                      body_type TEXT NOT NULL, smtputf8 INTEGER NOT NULL, auth_user TEXT, remote TEXT, helo TEXT,
                      size INTEGER NOT NULL, lease_until INTEGER NOT NULL DEFAULT 0)""");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS recipients (
                      message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
                      address TEXT NOT NULL, notify TEXT NOT NULL, orcpt TEXT, status TEXT NOT NULL,
                      attempts INTEGER NOT NULL, last_reply TEXT, next_attempt INTEGER NOT NULL,
                      updated INTEGER NOT NULL, PRIMARY KEY (message_id, idx))""");
            st.execute("CREATE INDEX IF NOT EXISTS recipients_due ON recipients(status, next_attempt)");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS handed_over (
                      idempotency_key TEXT PRIMARY KEY, message_id TEXT NOT NULL, accepted INTEGER NOT NULL)""");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.setAutoCommit(false);
        return connection;
    }
}
