package org.villhop.imap;

/** Ends a command with a tagged NO or BAD, with an optional response code such as {@code TRYCREATE}. */
final class ImapException extends RuntimeException {

    private final boolean bad;
    private final String code;

    private ImapException(boolean bad, String code, String message) {
        super(message);
        this.bad = bad;
        this.code = code;
    }

    static ImapException bad(String message) {
        return new ImapException(true, null, message);
    }

    static ImapException no(String message) {
        return new ImapException(false, null, message);
    }

    static ImapException no(String code, String message) {
        return new ImapException(false, code, message);
    }

    /** The tagged response line (without CRLF). */
    String response(String tag) {
        return tag + (bad ? " BAD " : " NO ") + (code == null ? "" : "[" + code + "] ") + getMessage();
    }
}
