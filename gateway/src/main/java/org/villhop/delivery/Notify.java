package org.villhop.delivery;

/** An RFC 3461 NOTIFY keyword: which delivery status notifications the sender asked for a recipient. */
public enum Notify {
    NEVER, SUCCESS, FAILURE, DELAY
}
