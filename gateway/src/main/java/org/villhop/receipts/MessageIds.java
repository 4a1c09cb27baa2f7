package org.villhop.receipts;

import java.util.Optional;

/** Message-ID and address helpers shared by the parser, the tracking store and the MDN composer. */
public final class MessageIds {
    private MessageIds() {
    }

    /** {@code " <abc@host> "} → {@code "abc@host"}; blank → empty. Inner spaces (as in a sloppy MDN) are dropped. */
    public static Optional<String> normalise(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String s = id.replaceAll("\\s+", "");
        int open = s.indexOf('<');
        int close = s.lastIndexOf('>');
        if (open >= 0 && close > open) {
            s = s.substring(open + 1, close);
        }
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** {@code "rfc822; dr@x.fr"} → {@code "dr@x.fr"}; a value without an address type is returned stripped. */
    public static String address(String typedAddress) {
        String s = typedAddress.strip();
        int semi = s.indexOf(';');
        if (semi >= 0) {
            s = s.substring(semi + 1).strip();
        }
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    /** Decodes RFC 3461 xtext ({@code "a+2Bb"} → {@code "a+b"}); text that is not valid xtext is returned as is. */
    public static String xtextDecode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
