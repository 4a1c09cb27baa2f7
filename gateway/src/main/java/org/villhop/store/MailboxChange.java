package org.villhop.store;

import java.util.List;

/** A committed change in one of a user's mailboxes. */
public record MailboxChange(String user, String mailbox, Kind kind, List<Long> uids) {

    public MailboxChange {
        uids = List.copyOf(uids);
    }

    /**
     * What changed. {@code ELSEWHERE}: another process committed to the store (an administrator's
     * {@code villhop mailbox deliver}); which messages changed is not known, the mailbox must be looked at again.
     */
    public enum Kind { APPENDED, FLAGS, EXPUNGED, MAILBOXES, ELSEWHERE }
}
