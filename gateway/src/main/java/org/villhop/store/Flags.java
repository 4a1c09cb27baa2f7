package org.villhop.store;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** IMAP message flags: the system flags in their canonical spelling, and keywords as given. */
public final class Flags {

    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";
    public static final Set<String> SYSTEM = Set.of(SEEN, ANSWERED, FLAGGED, DELETED, DRAFT);

    private Flags() {
    }

    /** Canonical spelling; {@code \Recent} (session-only) and unknown system flags are dropped. */
    public static Set<String> normalize(Collection<String> flags) {
        Set<String> result = new TreeSet<>();
        for (String flag : flags) {
            if (flag.startsWith("\\")) {
                SYSTEM.stream().filter(f -> f.equalsIgnoreCase(flag)).findFirst().ifPresent(result::add);
            } else if (!flag.isBlank()) {
                result.add(flag);
            }
        }
        return result;
    }

    static Set<String> apply(Set<String> current, MailboxStore.FlagChange change, Set<String> given) {
        Set<String> result = new TreeSet<>(change == MailboxStore.FlagChange.REPLACE ? given : current);
        if (change == MailboxStore.FlagChange.ADD) {
            result.addAll(given);
        } else if (change == MailboxStore.FlagChange.REMOVE) {
            result.removeAll(given);
        }
        return result;
    }

    /** Stored form: space-padded so that SQL can test a flag with {@code LIKE '% \Seen %'}. */
    static String toColumn(Set<String> flags) {
        return " " + String.join(" ", new TreeSet<>(flags)) + " ";
    }

    static Set<String> fromColumn(String column) {
        Set<String> result = new TreeSet<>();
        for (String flag : column.split(" ")) {
            if (!flag.isEmpty()) {
                result.add(flag);
            }
        }
        return result;
    }
}
