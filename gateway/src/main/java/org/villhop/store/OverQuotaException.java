package org.villhop.store;

/** Storing would take the user over their quota; nothing was stored. */
public class OverQuotaException extends StoreException {

    public OverQuotaException(String user, Quota quota, long size) {
        super("quota exceeded for " + user + ": " + quota.usedBytes() + " of " + quota.limitBytes()
                + " bytes used, message of " + size + " bytes refused");
    }
}
