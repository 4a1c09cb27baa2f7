package org.villhop.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A search over the journal: entries in a time range {@code [from, to)}, naming an address (sender or recipient or
 * actor, case-insensitive), and/or a message id (substring). Null criteria match everything. Damaged lines are skipped
 * (verification reports them).
 */
public record AuditQuery(Instant from, Instant to, String address, String messageId) {

    public boolean matches(AuditEntry entry) {
        AuditEvent e = entry.event();
        if (from != null && entry.time().isBefore(from)) {
            return false;
        }
        if (to != null && !entry.time().isBefore(to)) {
            return false;
        }
        if (address != null) {
            String a = address.toLowerCase(Locale.ROOT);
            boolean named = a.equals(lower(e.sender())) || a.equals(lower(e.actor()))
                    || e.recipients().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(a));
            if (!named) {
                return false;
            }
        }
        return messageId == null || (e.messageId() != null && e.messageId().contains(messageId));
    }

    /** The matching entries of the journal in {@code dir}, in journal order. */
    public List<AuditEntry> run(Path dir) throws IOException {
        List<AuditEntry> found = new ArrayList<>();
        Path file = dir.resolve(HashChainJournal.FILE);
        if (!Files.exists(file)) {
            throw new IOException("no audit journal at " + file);
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                AuditEntry entry;
                try {
                    entry = AuditEntry.parse(line);
                } catch (RuntimeException damaged) {
                    continue;
                }
                if (matches(entry)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
