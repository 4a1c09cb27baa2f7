package org.villhop.pki;

/** A certificate or key-store operation failed for a reason the user can act on; the message says which. */
public class PkiException extends RuntimeException {
    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
