package org.villhop.store;

import java.util.List;

/** A committed change in one of a user's mailboxes. */
public record MailboxChange(String user, String mailbox, Kind kind, List<Long> uids) {

    public MailboxChange {
        uids = List.copyOf(uids);
    }

    public enum Kind { APPENDED, FLAGS, EXPUNGED, MAILBOXES }
}
