package org.villhop.store;

/** Told of committed mailbox changes (see {@link MailboxStore#listen}). */
@FunctionalInterface
public interface MailboxListener {
    void changed(MailboxChange change);
}
