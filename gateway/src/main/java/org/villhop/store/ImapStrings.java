package org.villhop.store;

import java.nio.charset.StandardCharsets;

/** IMAP string syntax (RFC 3501 section 4.3): NIL, quoted strings and literals. */
public final class ImapStrings {

    private ImapStrings() {
    }

    /** {@code NIL} for null, a quoted string when possible, a literal otherwise. */
    public static String nstring(String value) {
        return value == null ? "NIL" : string(value);
    }

    public static String string(String value) {
        if (quotable(value)) {
            StringBuilder out = new StringBuilder(value.length() + 2).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            return out.append('"').toString();
        }
        return "{" + value.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + value;
    }

    private static boolean quotable(String value) {
        if (value.length() > 1000) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
