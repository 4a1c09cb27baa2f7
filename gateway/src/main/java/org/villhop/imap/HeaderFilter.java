package org.villhop.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code HEADER.FIELDS} and {@code HEADER.FIELDS.NOT} sections (RFC 3501 section 6.4.5) cut from a raw header
 * block, byte by byte: the named fields (or all others) with their continuation lines, then the blank line. Field
 * names compare case-insensitively (ASCII).
 */
final class HeaderFilter {

    private final byte[][] names;
    private final boolean not;

    /** {@code names} in upper case, as the FETCH parser gives them. */
    HeaderFilter(List<String> names, boolean not) {
        this.names = names.stream().map(n -> n.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
        this.not = not;
    }

    byte[] apply(byte[] header) {
        ByteArrayOutputStream result = new ByteArrayOutputStream(256);
        boolean keep = false;
        int start = 0;
        while (start < header.length) {
            int end = lineEnd(header, start);
            int length = end - start;
            if (length == 1 && header[start] == '\n' || length == 2 && header[start] == '\r') {
                break;
            }
            byte first = header[start];
            if (first != ' ' && first != '\t') {
                keep = named(header, start, end) != not;
            }
            if (keep) {
                result.write(header, start, length);
            }
            start = end;
        }
        result.write('\r');
        result.write('\n');
        return result.toByteArray();
    }

    /** Where the line starting at {@code start} ends (after its LF, or at the end of the block). */
    private static int lineEnd(byte[] header, int start) {
        for (int i = start; i < header.length; i++) {
            if (header[i] == '\n') {
                return i + 1;
            }
        }
        return header.length;
    }

    /** Whether the field on this line is one of the names (surrounding white space ignored). */
    private boolean named(byte[] header, int start, int end) {
        int colon = -1;
        for (int i = start; i < end; i++) {
            if (header[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= start) {
            return false;
        }
        int from = start;
        int to = colon;
        while (from < to && header[from] <= ' ') {
            from++;
        }
        while (to > from && header[to - 1] <= ' ') {
            to--;
        }
        for (byte[] name : names) {
            if (equalsIgnoreCase(header, from, to, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsIgnoreCase(byte[] header, int from, int to, byte[] upper) {
        if (to - from != upper.length) {
            return false;
        }
        for (int i = 0; i < upper.length; i++) {
            int b = header[from + i];
            if (b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != upper[i]) {
                return false;
            }
        }
        return true;
    }
}
