package org.villhop.policy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header section of a message (up to the first empty line), unfolded, read with a size cap so that a hostile
 * message cannot make the reader allocate without bound.
 */
public final class HeaderBlock {
    /** Header sections beyond this size are refused. */
    public static final int MAX_BYTES = 256 * 1024;
    private final List<String[]> fields;

    private HeaderBlock(List<String[]> fields) {
        this.fields = fields;
    }

    /** Reads the header section from the start of a message; the stream is left after it. */
    public static HeaderBlock read(InputStream message) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        int b;
        while ((b = message.read()) >= 0) {
            if (++total > MAX_BYTES) {
                throw new HeaderTooLargeException();
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isEmpty()) {
                    break;
                }
                if ((text.startsWith(" ") || text.startsWith("\t")) && !lines.isEmpty()) {
                    lines.set(lines.size() - 1, lines.get(lines.size() - 1) + text);
                } else {
                    lines.add(text);
                }
            } else {
                line.write(b);
            }
        }
        List<String[]> fields = new ArrayList<>();
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                fields.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
            }
        }
        return new HeaderBlock(fields);
    }

    /** Every value of the named field (case-insensitive), in order. */
    public List<String> values(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return fields.stream().filter(f -> f[0].toLowerCase(Locale.ROOT).equals(wanted)).map(f -> f[1]).toList();
    }

    /** The header section is larger than {@link #MAX_BYTES}. */
    public static final class HeaderTooLargeException extends IOException {
        HeaderTooLargeException() {
            super("header section larger than " + MAX_BYTES + " bytes");
        }
    }
}
