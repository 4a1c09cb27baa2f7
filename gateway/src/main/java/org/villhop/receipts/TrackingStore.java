package org.villhop.receipts;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.villhop.storage.DurableSqlite;

/**
 * The tracking of sent messages: each message (Message-ID, ENVID, recipients, time) and the status history of each
 * recipient, fed by the outbound path ({@link #recordSent}, {@link #recordLocal}) and by incoming receipts
 * ({@link #apply}). SQLite in WAL mode with {@code synchronous=NORMAL}: a recorded event survives a crash of the
 * gateway; a power cut may lose the last ones (the tracking informs, it holds no message: forcing every commit cost an
 * fsync per relayed message). Applying the same receipt twice records it once. Thread-safe (one connection, serialised).
 */
public final class TrackingStore implements AutoCloseable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS sent_message(message_id TEXT PRIMARY KEY, envelope_id TEXT, sender TEXT NOT NULL,
                sent_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS sent_message_envelope ON sent_message(envelope_id);
            CREATE TABLE IF NOT EXISTS recipient(message_id TEXT NOT NULL REFERENCES sent_message(message_id),
                address TEXT NOT NULL COLLATE NOCASE, status TEXT NOT NULL, updated_at INTEGER NOT NULL,
                PRIMARY KEY(message_id, address));
            CREATE TABLE IF NOT EXISTS event(id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL,
                address TEXT NOT NULL COLLATE NOCASE, status TEXT NOT NULL, detail TEXT NOT NULL, source TEXT NOT NULL,
                at INTEGER NOT NULL, UNIQUE(message_id, address, status, source));
            """;

    private final Connection db;
    private final Clock clock;

    private TrackingStore(Connection db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Where the tracking database lives in a data directory. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve("tracking").resolve("tracking.db");
    }

    /** Opens (creating when absent) the database at {@code file}. */
    public static TrackingStore open(Path file, Clock clock) {
        try {
            Connection db = DurableSqlite.openUnforced(file, List.of(SCHEMA.split(";")));
            db.setAutoCommit(false);
            db.commit();
            return new TrackingStore(db, clock);
        } catch (SQLException | IOException e) {
            throw new ReceiptException("cannot open the tracking database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records a message handed to the next hop; each recipient starts as {@link RecipientStatus#SENT}. */
    public synchronized void recordSent(SentMessage message) {
        recordSent(message, message.recipients());
    }

    /**
     * Records a message of which only {@code handedOver} (some of its recipients, possibly none) were accepted by a
     * next hop: only those start as {@link RecipientStatus#SENT}; the others get their state from
     * {@link #recordLocal} (delivered locally, delayed, failed) without ever having been sent.
     */
    public synchronized void recordSent(SentMessage message, List<String> handedOver) {
        recordSent(message, handedOver, List.of());
    }

    /** A state the gateway observed itself for one recipient, as {@link #recordLocal} records it. */
    public record Observation(String recipient, RecipientStatus status, String detail) {
    }

    /**
     * {@link #recordSent(SentMessage, List)} followed by {@link #recordLocal} for each of {@code observed}, in one
     * transaction: one write for the whole outcome of a delivery attempt instead of one per call.
     */
    public synchronized void recordSent(SentMessage message, List<String> handedOver, List<Observation> observed) {
        recordAll(List.of(new Attempt(message, handedOver, observed)));
    }

    /** The outcome of one delivery attempt of a message: who the next hops took, what the gateway observed. */
    public record Attempt(SentMessage message, List<String> handedOver, List<Observation> observed) {
        public Attempt {
            MessageIds.normalise(message.messageId()).orElseThrow(
                    () -> new IllegalArgumentException("no Message-ID to track: " + message.messageId()));
            handedOver = List.copyOf(handedOver);
            observed = List.copyOf(observed);
        }
    }

    /**
     * {@link #recordSent(SentMessage, List, List)} for each of {@code attempts}, all in one transaction (the tracking
     * writer gathers the attempts that finished while it was writing): all are recorded, or none.
     */
    public synchronized void recordAll(List<Attempt> attempts) {
        transaction(() -> {
            Instant now = clock.instant();
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT OR IGNORE INTO sent_message(message_id, envelope_id, sender, sent_at) VALUES(?,?,?,?)")) {
                for (Attempt attempt : attempts) {
                    SentMessage message = attempt.message();
                    String id = MessageIds.normalise(message.messageId()).orElseThrow();
                    p.setString(1, id);
                    p.setString(2, message.envelopeId().orElse(null));
                    p.setString(3, message.sender());
                    p.setLong(4, message.sentAt().toEpochMilli());
                    p.executeUpdate();
                    for (String r : attempt.handedOver()) {
                        record(id, r, new StatusEvent(r, RecipientStatus.SENT, "handed to the next hop", "sent",
                                message.sentAt()));
                    }
                    for (Observation o : attempt.observed()) {
                        record(id, o.recipient(), new StatusEvent(o.recipient(), o.status(), o.detail(), "local",
                                now));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Records a state the gateway itself observed (for example {@code RELAYED} when the next hop does not offer DSN, or
     * {@code FAILED} on a permanent SMTP error). Returns false when the message is not tracked.
     */
    public synchronized boolean recordLocal(String messageId, String recipient, RecipientStatus status, String detail) {
        Optional<String> id = MessageIds.normalise(messageId);
        return transaction(() -> {
            if (id.isEmpty() || !exists(id.get())) {
                return false;
            }
            record(id.get(), recipient, new StatusEvent(recipient, status, detail, "local", clock.instant()));
            return true;
        });
    }

    /**
     * Matches a receipt to the message it reports on (MDN: Original-Message-ID; DSN: Original-Envelope-Id, then the
     * returned original's Message-ID) and records each recipient's new state.
     */
    public synchronized ReceiptMatch apply(Receipt receipt) {
        return transaction(() -> {
            Optional<String> id = match(receipt);
            if (id.isEmpty()) {
                return new ReceiptMatch(Optional.empty(), List.of());
            }
            List<String> known = recipients(id.get());
            String source = receipt.kind() + " " + receipt.receiptMessageId()
                    .orElse("#" + Integer.toHexString(receipt.toString().hashCode()));
            List<StatusEvent> recorded = new ArrayList<>();
            Instant now = clock.instant();
            for (RecipientReport r : receipt.recipients()) {
                String address = attribute(r, known);
                StatusEvent event = new StatusEvent(address, r.status(), r.detail(), source, now);
                if (record(id.get(), address, event)) {
                    recorded.add(event);
                }
            }
            return new ReceiptMatch(id, recorded);
        });
    }

    /** The message with this Message-ID (angle brackets optional) and its history. */
    public synchronized Optional<TrackedMessage> find(String messageId) {
        Optional<String> id = MessageIds.normalise(messageId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return transaction(() -> {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT envelope_id, sender, sent_at FROM sent_message WHERE message_id = ?")) {
                p.setString(1, id.get());
                try (ResultSet m = p.executeQuery()) {
                    if (!m.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new TrackedMessage(id.get(), Optional.ofNullable(m.getString(1)),
                            m.getString(2), Instant.ofEpochMilli(m.getLong(3)), current(id.get()), history(id.get())));
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new ReceiptException("cannot close the tracking database: " + e.getMessage(), e);
        }
    }

    private Optional<String> match(Receipt receipt) throws SQLException {
        if (receipt.kind() == ReceiptKind.DSN && receipt.originalEnvelopeId().isPresent()) {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT message_id FROM sent_message WHERE envelope_id = ? ORDER BY sent_at DESC LIMIT 1")) {
                p.setString(1, receipt.originalEnvelopeId().get());
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        return Optional.of(r.getString(1));
                    }
                }
            }
        }
        Optional<String> original = receipt.originalMessageId();
        return original.isPresent() && exists(original.get()) ? original : Optional.empty();
    }

    /** The tracked recipient a report is about: Original-Recipient, then Final-Recipient, then the only recipient. */
    private static String attribute(RecipientReport r, List<String> known) {
        for (Optional<String> candidate : List.of(r.originalRecipient(), Optional.of(r.finalRecipient()))) {
            if (candidate.isPresent()) {
                for (String k : known) {
                    if (k.equalsIgnoreCase(candidate.get())) {
                        return k;
                    }
                }
            }
        }
        return known.size() == 1 ? known.get(0) : r.finalRecipient();
    }

    /** Inserts the event (once) and raises the recipient's current state when the event ranks at least as high. */
    private boolean record(String id, String address, StatusEvent e) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO event(message_id, address, status, "
                + "detail, source, at) VALUES(?,?,?,?,?,?)")) {
            p.setString(1, id);
            p.setString(2, address);
            p.setString(3, e.status().name());
            p.setString(4, e.detail() == null ? "" : e.detail());
            p.setString(5, e.source());
            p.setLong(6, e.at().toEpochMilli());
            if (p.executeUpdate() == 0) {
                return false;
            }
        }
        RecipientStatus now = current(id).get(address);
        if (now == null) {
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO recipient(message_id, address, status, updated_at) VALUES(?,?,?,?)")) {
                p.setString(1, id);
                p.setString(2, address);
                p.setString(3, e.status().name());
                p.setLong(4, e.at().toEpochMilli());
                p.executeUpdate();
            }
        } else if (e.status().rank() >= now.rank()) {
            try (PreparedStatement p = db.prepareStatement(
                    "UPDATE recipient SET status = ?, updated_at = ? WHERE message_id = ? AND address = ?")) {
                p.setString(1, e.status().name());
                p.setLong(2, e.at().toEpochMilli());
                p.setString(3, id);
                p.setString(4, address);
                p.executeUpdate();
            }
        }
        return true;
    }

    private boolean exists(String id) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM sent_message WHERE message_id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    private List<String> recipients(String id) throws SQLException {
        return new ArrayList<>(current(id).keySet());
    }

    private Map<String, RecipientStatus> current(String id) throws SQLException {
        Map<String, RecipientStatus> current = new LinkedHashMap<>();
        try (PreparedStatement p = db.prepareStatement(
                "SELECT address, status FROM recipient WHERE message_id = ? ORDER BY rowid")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    current.put(r.getString(1), RecipientStatus.valueOf(r.getString(2)));
                }
            }
        }
        return current;
    }

    private List<StatusEvent> history(String id) throws SQLException {
        List<StatusEvent> events = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(
                "SELECT address, status, detail, source, at FROM event WHERE message_id = ? ORDER BY id")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    events.add(new StatusEvent(r.getString(1), RecipientStatus.valueOf(r.getString(2)),
                            r.getString(3), r.getString(4), Instant.ofEpochMilli(r.getLong(5))));
                }
            }
        }
        return events;
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T transaction(Work<T> work) {
        try {
            T result = work.run();
            db.commit();
            return result;
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new ReceiptException("tracking database error: " + e.getMessage(), e);
        }
    }
}
