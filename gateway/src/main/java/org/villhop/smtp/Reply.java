package org.villhop.smtp;

import java.util.List;

/**
 * An SMTP reply: a code, an RFC 3463 enhanced status code (null for the greeting and EHLO lines) and one or more
 * lines of text.
 */
public record Reply(int code, String enhanced, List<String> lines) {
    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs text");
        }
    }

    public static Reply of(int code, String enhanced, String text) {
        return new Reply(code, enhanced, List.of(text));
    }

    /** {@code 250 2.0.0 OK}. */
    public static Reply ok(String text) {
        return of(250, "2.0.0", text);
    }

    /** True for 2xx and 3xx replies. */
    public boolean positive() {
        return code < 400;
    }

    /** The reply as sent on the wire, CRLF-terminated lines. */
    public String wire() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhanced != null) {
                out.append(enhanced).append(' ');
            }
            out.append(lines.get(i).replace('\r', ' ').replace('\n', ' ')).append("\r\n");
        }
        return out.toString();
    }

    /** The reply on one line, for logs and queue status. */
    @Override
    public String toString() {
        return code + (enhanced == null ? "" : " " + enhanced) + " " + String.join(" ", lines);
    }
}
