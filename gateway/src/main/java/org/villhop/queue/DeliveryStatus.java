package org.villhop.queue;

/** Where one recipient of a queued message stands. SENT and BOUNCED are final. */
public enum DeliveryStatus {
    QUEUED, DEFERRED, SENT, BOUNCED;

    /** True for a status that no further delivery attempt changes. */
    public boolean isFinal() {
        return this == SENT || this == BOUNCED;
    }
}
