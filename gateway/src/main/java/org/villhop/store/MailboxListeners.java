package org.villhop.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners of each user's mailboxes (see {@link MailboxStore#listen}), and telling them of a change. */
final class MailboxListeners {

    private final Map<String, List<MailboxListener>> byUser = new ConcurrentHashMap<>();

    /** Registers {@code listener}; closing the handle unregisters it. */
    AutoCloseable add(String user, MailboxListener listener) {
        List<MailboxListener> list = byUser.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    /** The users someone listens to now. */
    List<String> listenedUsers() {
        return byUser.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    void tell(MailboxChange change) {
        for (MailboxListener listener : byUser.getOrDefault(change.user(), List.of())) {
            listener.changed(change);
        }
    }
}
