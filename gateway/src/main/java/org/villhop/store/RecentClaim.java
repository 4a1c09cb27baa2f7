package org.villhop.store;

/**
 * The messages a session may call {@code \Recent} (RFC 3501 section 2.3.2): those with {@code above < uid <= upTo}.
 * A read-write SELECT claims them, so that no other session sees them as recent.
 */
public record RecentClaim(long above, long upTo) {

    public boolean contains(long uid) {
        return uid > above && uid <= upTo;
    }
}
