package org.villhop.store;

/** A user's storage: bytes used and the limit ({@code 0} = unlimited). */
public record Quota(long usedBytes, long limitBytes) {

    public boolean allows(long additionalBytes) {
        return limitBytes <= 0 || usedBytes + additionalBytes <= limitBytes;
    }
}
