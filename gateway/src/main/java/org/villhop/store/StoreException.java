package org.villhop.store;

/** A mailbox store operation failed; the message says why, precisely enough for a user. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
