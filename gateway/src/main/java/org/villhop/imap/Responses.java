package org.villhop.imap;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/** Small pieces of IMAP response syntax. */
final class Responses {

    static final String SYSTEM_FLAGS = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft)";
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Responses() {
    }

    /** The flags with the session's {@code \Recent} when {@code recent}. */
    static String flags(Set<String> flags, boolean recent) {
        if (!recent) {
            return flags(flags);
        }
        java.util.TreeSet<String> all = new java.util.TreeSet<>(flags);
        all.add("\\Recent");
        return "(" + String.join(" ", all) + ")";
    }

    static String flags(Set<String> flags) {
        return switch (flags.size()) {
            case 0 -> "()";
            case 1 -> "(" + flags.iterator().next() + ")";
            default -> "(" + String.join(" ", new java.util.TreeSet<>(flags)) + ")";
        };
    }

    static String internalDate(Instant instant) {
        return "\"" + DATE_TIME.format(instant) + "\"";
    }
}
