package org.villhop.upstream;

/** An upstream account that cannot be configured, or a fetch state that cannot be used; the message says why. */
public final class UpstreamException extends RuntimeException {
    public UpstreamException(String message) {
        super(message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
