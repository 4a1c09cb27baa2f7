package org.villhop.smime;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the S/MIME engine derives once per certificate, chain or key (parsed forms, constant attributes, recipient
 * generators) and reuses for every message. Holds at most {@link #LIMIT} keys: past it, values are made each time and
 * not kept (a gateway signs and encrypts for far fewer). Safe for concurrent use; two threads may both make a value
 * the first time.
 */
final class PerKeyCache<K, V> {
    static final int LIMIT = 1000;

    /** Makes the value for a key. */
    @FunctionalInterface
    interface Maker<K, V> {
        V make(K key) throws GeneralSecurityException;
    }

    private final Map<K, V> values = new ConcurrentHashMap<>();

    V get(K key, Maker<K, V> maker) throws GeneralSecurityException {
        V known = values.get(key);
        if (known != null) {
            return known;
        }
        V made = maker.make(key);
        if (values.size() < LIMIT) {
            values.put(key, made);
        }
        return made;
    }
}
