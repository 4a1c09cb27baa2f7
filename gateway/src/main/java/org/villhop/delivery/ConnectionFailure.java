package org.villhop.delivery;

/**
 * A next hop could not be used: no connection, no greeting, STARTTLS missing where TLS is required, a failed TLS
 * handshake or certificate check. The delivery agent tries the next hop, then defers the recipients with this reason.
 */
final class ConnectionFailure extends Exception {
    private final String status;
    private final SmtpReply reply;

    ConnectionFailure(String status, String detail, SmtpReply reply, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.reply = reply;
    }

    ConnectionFailure(String status, String detail) {
        this(status, detail, null, null);
    }

    String status() {
        return status;
    }

    /** The peer's reply that caused the failure, or null. */
    SmtpReply reply() {
        return reply;
    }
}
