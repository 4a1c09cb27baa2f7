package org.villhop.receipts;

/** A receipt (DSN or MDN) that cannot be read, or a tracking store that cannot be used; the message says why. */
public final class ReceiptException extends RuntimeException {
    public ReceiptException(String message) {
        super(message);
    }

    public ReceiptException(String message, Throwable cause) {
        super(message, cause);
    }
}
