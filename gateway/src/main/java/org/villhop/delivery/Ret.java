package org.villhop.delivery;

/** RFC 3461 RET: whether a DSN carries the full original message or only its headers. */
public enum Ret {
    FULL, HDRS
}
