package org.villhop.policy;

/**
 * A policy decision, shaped as the SMTP reply that carries it.
 *
 * @param accepted true to let the command or message through
 * @param code     the SMTP reply code (250 when accepted)
 * @param enhanced the RFC 3463 enhanced status code, {@code 5.7.1} for example
 * @param text     the human-readable reason
 */
public record Verdict(boolean accepted, int code, String enhanced, String text) {
    private static final Verdict ACCEPT = new Verdict(true, 250, "2.0.0", "OK");

    public static Verdict accept() {
        return ACCEPT;
    }

    public static Verdict refuse(int code, String enhanced, String text) {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("a refusal needs a 4xx or 5xx code, not " + code);
        }
        return new Verdict(false, code, enhanced, text);
    }
}
