package org.villhop.delivery;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMTP reply as the peer sent it: the three-digit code and every line's text (without the code and separator).
 *
 * @param code  the reply code, 200..599
 * @param lines the text of each line, at least one (possibly empty)
 */
public record SmtpReply(int code, List<String> lines) {
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?:\\s|$)");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code out of range: " + code);
        }
        lines = List.copyOf(lines.isEmpty() ? List.of("") : lines);
    }

    public static SmtpReply of(int code, String text) {
        return new SmtpReply(code, List.of(text));
    }

    public boolean isPositive() {
        return code / 100 == 2;
    }

    public boolean isIntermediate() {
        return code / 100 == 3;
    }

    public boolean isTransient() {
        return code / 100 == 4;
    }

    public boolean isPermanent() {
        return code / 100 == 5;
    }

    /** The RFC 3463 enhanced status code at the start of the first line ("5.1.1"), or null when the peer sent none. */
    public String enhancedStatus() {
        Matcher m = ENHANCED.matcher(lines.getFirst());
        return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : null;
    }

    /** The enhanced status code, or one derived from the code class ("4.0.0", "5.0.0", "2.0.0"). */
    public String statusOrDefault() {
        String enhanced = enhancedStatus();
        return enhanced != null ? enhanced : (code / 100) + ".0.0";
    }

    /** The reply on one line, as used in logs and in a DSN's Diagnostic-Code: "550 5.1.1 no such user". */
    public String oneLine() {
        return code + " " + String.join(" ", lines).strip();
    }

    @Override
    public String toString() {
        return oneLine();
    }
}
