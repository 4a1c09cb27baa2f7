package org.villhop.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last bodies read from a database, by id: one delivery attempt opens its queued message's body several times
 * (Sent copy, pipeline, receipts), an IMAP client fetches a message's parts one by one, and each read from SQLite
 * copies the whole body page by page. Bodies never change once committed; a body leaving its database is forgotten
 * here too. Thread-safe.
 */
final class RecentBodies {
    private final Map<String, byte[]> bodies;

    /** @param capacity how many bodies are kept (each at most {@link InlineBodies}'s maximum size) */
    RecentBodies(int capacity) {
        this.bodies = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized byte[] get(String id) {
        return bodies.get(id);
    }

    synchronized void put(String id, byte[] body) {
        bodies.put(id, body);
    }

    synchronized void forget(String id) {
        bodies.remove(id);
    }
}
