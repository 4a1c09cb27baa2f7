package org.villhop.receipts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of a {@code message/delivery-status} or {@code message/disposition-notification} part: groups of
 * RFC 5322-style fields separated by blank lines (RFC 3464 §2.1). Field names are lower-cased, folded lines unfolded;
 * the first occurrence of a name in a group wins. The body is read up to a bound: a report is small, and a huge one is
 * not a report.
 */
final class ReportFields {
    static final int MAX_CHARS = 256 * 1024;

    private ReportFields() {
    }

    static List<Map<String, String>> read(InputStream body, String partType) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        List<Map<String, String>> groups = new ArrayList<>();
        Map<String, String> group = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int total = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            total += line.length() + 2;
            if (total > MAX_CHARS) {
                throw new ReceiptException(partType + " part larger than " + MAX_CHARS + " characters");
            }
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) {
                group.putIfAbsent(name, value.toString().strip());
                name = null;
            }
            if (line.isBlank()) {
                if (!group.isEmpty()) {
                    groups.add(group);
                    group = new LinkedHashMap<>();
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ReceiptException(partType + " part: not a field line '" + abbreviate(line) + "'");
            }
            name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(line.substring(colon + 1));
        }
        if (name != null) {
            group.putIfAbsent(name, value.toString().strip());
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
