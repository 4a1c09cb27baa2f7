package org.villhop.server;

/** The gateway cannot start: the message says precisely why (a port in use, an unreadable key store...). */
public final class GatewayException extends Exception {
    private static final long serialVersionUID = 1L;

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
