package org.villhop.queue;

/** DSN {@code RET} of RFC 3461: return the full message or only its headers in a failure notice. */
public enum DsnReturn {
    FULL, HDRS
}
