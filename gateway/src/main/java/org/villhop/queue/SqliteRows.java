package org.villhop.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Maps queued messages to and from the rows of {@code messages} and {@code recipients}. */
final class SqliteRows {

    Void insert(Connection db, String id, Envelope env, long size, Instant now) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("INSERT INTO messages (" + SqliteStatements.MESSAGE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, id);
            st.setLong(2, now.toEpochMilli());
            st.setString(3, env.sender());
            st.setString(4, env.envelopeId());
            st.setString(5, env.dsnReturn() == null ? null : env.dsnReturn().name());
            st.setString(6, env.bodyType().name());
            st.setInt(7, env.smtpUtf8() ? 1 : 0);
            st.setString(8, env.authenticatedUser());
            st.setString(9, env.remoteAddress());
            st.setString(10, env.heloName());
            st.setLong(11, size);
            st.executeUpdate();
        }
        try (PreparedStatement st = db.prepareStatement("INSERT INTO recipients ("
                + SqliteStatements.RECIPIENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, 'QUEUED', 0, NULL, ?, ?)")) {
            for (int i = 0; i < env.recipients().size(); i++) {
                EnvelopeRecipient r = env.recipients().get(i);
                st.setString(1, id);
                st.setInt(2, i);
                st.setString(3, r.address());
                st.setString(4, r.notifyOn().stream().sorted().map(Enum::name).collect(Collectors.joining(",")));
                st.setString(5, r.orcpt());
                st.setLong(6, now.toEpochMilli());
                st.setLong(7, now.toEpochMilli());
                st.addBatch();
            }
            st.executeBatch();
        }
        return null;
    }

    Optional<QueuedMessage> load(Connection db, String id) throws SQLException {
        List<QueuedMessage> found = query(db, "WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<QueuedMessage> loadAll(Connection db) throws SQLException {
        return query(db, "", null);
    }

    private List<QueuedMessage> query(Connection db, String where, String id) throws SQLException {
        Map<String, List<RecipientState>> recipients = new LinkedHashMap<>();
        try (PreparedStatement st = db.prepareStatement("SELECT " + SqliteStatements.RECIPIENT_COLUMNS
                + " FROM recipients" + (id == null ? "" : " WHERE message_id = ?") + " ORDER BY message_id, idx")) {
            if (id != null) {
                st.setString(1, id);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    recipients.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(recipient(rs));
                }
            }
        }
        List<QueuedMessage> messages = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT " + SqliteStatements.MESSAGE_COLUMNS
                + " FROM messages " + where + " ORDER BY received, id")) {
            if (id != null) {
                st.setString(1, id);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    messages.add(message(rs, recipients.getOrDefault(rs.getString(1), List.of())));
                }
            }
        }
        return messages;
    }

    private static QueuedMessage message(ResultSet rs, List<RecipientState> recipients) throws SQLException {
        String ret = rs.getString(5);
        Envelope envelope = new Envelope(rs.getString(3),
                recipients.stream().map(RecipientState::recipient).toList(), rs.getString(4),
                ret == null ? null : DsnReturn.valueOf(ret), BodyType.valueOf(rs.getString(6)), rs.getInt(7) == 1,
                rs.getString(8), rs.getString(9), rs.getString(10));
        return new QueuedMessage(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), envelope, rs.getLong(11),
                recipients);
    }

    private static RecipientState recipient(ResultSet rs) throws SQLException {
        String notifyText = rs.getString(4);
        Set<Notify> notify = EnumSet.noneOf(Notify.class);
        if (!notifyText.isEmpty()) {
            Arrays.stream(notifyText.split(",")).map(Notify::valueOf).forEach(notify::add);
        }
        EnvelopeRecipient recipient = new EnvelopeRecipient(rs.getString(3), notify, rs.getString(5));
        return new RecipientState(rs.getInt(2), recipient, DeliveryStatus.valueOf(rs.getString(6)), rs.getInt(7),
                rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)));
    }
}
