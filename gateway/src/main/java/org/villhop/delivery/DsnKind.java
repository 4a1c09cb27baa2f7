package org.villhop.delivery;

/** The three kinds of delivery status notification the gateway sends. */
public enum DsnKind {
    /** A permanent failure, or retries exhausted. */
    FAILURE,
    /** Still trying after the delay-notice point. */
    DELAY,
    /** Delivered or relayed, for recipients that asked NOTIFY=SUCCESS. */
    SUCCESS
}
