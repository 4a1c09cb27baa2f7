package org.villhop.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** RFC 3461 xtext: the encoding of ENVID and ORCPT values on the SMTP command line. */
public final class XText {
    private XText() {
    }

    public static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 33 && c <= 126 && c != '+' && c != '=') {
                out.append((char) c);
            } else {
                out.append('+').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** Decodes xtext; a malformed "+" escape is an {@link IllegalArgumentException}. */
    public static String decode(String xtext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new IllegalArgumentException("truncated xtext escape in: " + xtext);
                }
                try {
                    out.write(Integer.parseInt(xtext.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad xtext escape in: " + xtext, e);
                }
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
