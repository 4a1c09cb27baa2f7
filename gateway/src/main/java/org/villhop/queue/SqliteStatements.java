package org.villhop.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.villhop.storage.DurableSqlite;

/** The queue's SQLite schema and column lists; opens its database with durable settings. */
final class SqliteStatements {
    static final String MESSAGE_COLUMNS =
            "id, received, sender, envid, ret, body_type, smtputf8, auth_user, remote, helo, size";
    static final String RECIPIENT_COLUMNS =
            "message_id, idx, address, notify, orcpt, status, attempts, last_reply, next_attempt, updated";

    /**
     * The queue's tables (idempotent). {@code bodies} holds the bodies kept in the database (small ones, see
     * {@link org.villhop.storage.InlineBodies}); the others are files ({@link BodySpool}).
     */
    static final List<String> SCHEMA = List.of(
            """
                    CREATE TABLE IF NOT EXISTS messages (
                      id TEXT PRIMARY KEY, received INTEGER NOT NULL, sender TEXT NOT NULL, envid TEXT, ret TEXT,
                      body_type TEXT NOT NULL, smtputf8 INTEGER NOT NULL, auth_user TEXT, remote TEXT, helo TEXT,
                      size INTEGER NOT NULL, lease_until INTEGER NOT NULL DEFAULT 0)""",
            """
                    CREATE TABLE IF NOT EXISTS recipients (
                      message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
                      address TEXT NOT NULL, notify TEXT NOT NULL, orcpt TEXT, status TEXT NOT NULL,
                      attempts INTEGER NOT NULL, last_reply TEXT, next_attempt INTEGER NOT NULL,
                      updated INTEGER NOT NULL, PRIMARY KEY (message_id, idx))""",
            "CREATE INDEX IF NOT EXISTS recipients_due ON recipients(status, next_attempt)",
            """
                    CREATE TABLE IF NOT EXISTS bodies (
                      message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
                      content BLOB NOT NULL)""",
            """
                    CREATE TABLE IF NOT EXISTS handed_over (
                      idempotency_key TEXT PRIMARY KEY, message_id TEXT NOT NULL, accepted INTEGER NOT NULL)""");

    /** The body of one message kept in the database ({@link org.villhop.storage.DatabaseBodies}). */
    static final String SELECT_BODY = "SELECT content FROM bodies WHERE message_id = ?";

    private SqliteStatements() {
    }

    /** The queue database with durable settings ({@link DurableSqlite}), its tables, auto-commit off. */
    static Connection open(Path database) throws IOException, SQLException {
        Connection connection = DurableSqlite.open(database, SCHEMA);
        connection.setAutoCommit(false);
        return connection;
    }
}
