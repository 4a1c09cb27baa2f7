package org.villhop.smtp;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Received:} trace header (RFC 5321 section 4.4) with the RFC 3848 protocol keyword. */
final class ReceivedHeader {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private ReceivedHeader() {
    }

    static String of(SessionInfo session, String hostname, boolean esmtp, boolean utf8, String singleRecipient,
                     ZonedDateTime now) {
        String protocol = (utf8 ? "UTF8" : "") + (esmtp ? "ESMTP" : "SMTP")
                + (session.tls() != null ? "S" : "") + (session.authenticatedUser() != null ? "A" : "");
        if (utf8) {
            protocol = protocol.replace("UTF8ESMTP", "UTF8SMTP");
        }
        StringBuilder h = new StringBuilder("Received: from ")
                .append(clean(session.heloName())).append(" ([").append(session.remoteIp()).append("])\r\n")
                .append("\tby ").append(hostname).append(" (villhop) with ").append(protocol);
        if (session.tls() != null) {
            h.append("\r\n\t(version=").append(session.tls().protocol()).append(" cipher=")
                    .append(session.tls().cipherSuite()).append(')');
        }
        if (singleRecipient != null) {
            h.append("\r\n\tfor <").append(clean(singleRecipient)).append('>');
        }
        return h.append("; ").append(DATE.format(now)).append("\r\n").toString();
    }

    /** Keeps a client-supplied token printable and on one line. */
    private static String clean(String s) {
        return s == null ? "unknown" : s.replaceAll("[^\\x21-\\x7e\\u0080-\\uffff]", "?");
    }
}
