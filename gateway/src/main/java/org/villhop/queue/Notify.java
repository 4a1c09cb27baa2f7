package org.villhop.queue;

/** DSN {@code NOTIFY} values of RFC 3461 (an empty set means the client did not ask). */
public enum Notify {
    NEVER, SUCCESS, FAILURE, DELAY
}
