package org.villhop.store;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The header fields SEARCH uses most, decoded (RFC 2047) once at delivery and kept with the metadata, so that
 * FROM/TO/SUBJECT... searches do not read every message file. Stored as {@code name: value} lines.
 */
public final class SearchHeaders {

    public static final List<String> NAMES = List.of("from", "sender", "reply-to", "to", "cc", "bcc", "subject",
            "date", "message-id", "in-reply-to");
    private static final int MAX_VALUE = 2000;

    private SearchHeaders() {
    }

    static String of(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        for (String name : NAMES) {
            String value = fields.get(name);
            if (value != null) {
                String decoded = DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT)
                        .replace('\n', ' ').replace('\r', ' ');
                out.append(name).append(": ")
                        .append(decoded.length() > MAX_VALUE ? decoded.substring(0, MAX_VALUE) : decoded).append('\n');
            }
        }
        return out.toString();
    }

    /** Whether {@link #value} answers for this field (otherwise read the message's header). */
    public static boolean kept(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    static Optional<String> value(String headers, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ": ";
        for (String line : headers.split("\n")) {
            if (line.startsWith(prefix)) {
                return Optional.of(line.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }
}
