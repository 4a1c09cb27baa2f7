package org.villhop.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the journal: an event with its sequence number, time, the previous entry's hash and its own. The hash
 * is SHA-256 over the line's text up to (not including) the {@code ,"hash":…} member, plus the closing brace, so the
 * chain can be checked from the text alone.
 */
public record AuditEntry(long seq, Instant time, AuditEvent event, String previousHash, String hash) {
    /** The "previous hash" of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final Pattern LINE = Pattern.compile("^(\\{.*),\"hash\":\"([0-9a-f]{64})\"}$");

    /** Creates the next entry of a chain. */
    static AuditEntry next(long seq, Instant time, AuditEvent event, String previousHash) {
        String body = body(seq, time, event, previousHash);
        return new AuditEntry(seq, time, event, previousHash, sha256(body));
    }

    /** The line as written to the journal (without the newline). */
    public String toLine() {
        String body = body(seq, time, event, previousHash);
        return body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}";
    }

    /**
     * Parses a journal line and checks that its hash matches its content.
     *
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    public static AuditEntry parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a journal entry (no trailing hash member)");
        }
        String body = m.group(1) + "}";
        if (!sha256(body).equals(m.group(2))) {
            throw new IllegalArgumentException("hash does not match the entry's content (entry edited)");
        }
        Map<String, Object> f = Json.parseObject(body);
        AuditEvent event = new AuditEvent(text(f, "action"), text(f, "outcome"), text(f, "actor"), text(f, "remote"),
                text(f, "messageId"), text(f, "sender"), strings(f.get("recipients")), text(f, "detail"));
        if (!(f.get("seq") instanceof Long seq)) {
            throw new IllegalArgumentException("entry has no seq");
        }
        return new AuditEntry(seq, Instant.parse(text(f, "time")), event, text(f, "prev"), m.group(2));
    }

    private static String body(long seq, Instant time, AuditEvent e, String previousHash) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("seq", seq);
        f.put("time", time.toString());
        f.put("action", e.action());
        f.put("outcome", e.outcome());
        f.put("actor", e.actor());
        f.put("remote", e.remoteAddress());
        f.put("messageId", e.messageId());
        f.put("sender", e.sender());
        f.put("recipients", e.recipients());
        f.put("detail", e.detail());
        f.put("prev", previousHash);
        return Json.write(f);
    }

    private static String text(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? null : v.toString();
    }

    private static List<String> strings(Object v) {
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
