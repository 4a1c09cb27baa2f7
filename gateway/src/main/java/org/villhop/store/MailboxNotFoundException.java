package org.villhop.store;

/** The named mailbox does not exist. */
public class MailboxNotFoundException extends StoreException {

    public MailboxNotFoundException(String mailbox) {
        super("no mailbox named " + mailbox);
    }
}
