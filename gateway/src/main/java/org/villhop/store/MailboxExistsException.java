package org.villhop.store;

/** The named mailbox already exists. */
public class MailboxExistsException extends StoreException {

    public MailboxExistsException(String mailbox) {
        super("a mailbox named " + mailbox + " already exists");
    }
}
