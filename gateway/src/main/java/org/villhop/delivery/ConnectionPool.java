package org.villhop.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Limits simultaneous connections per destination and keeps idle connections for reuse by the next message to the
 * same destination (within the idle timeout).
 */
final class ConnectionPool implements AutoCloseable {
    private final int maxPerDestination;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final Map<String, Deque<SmtpConnection>> idle = new HashMap<>();
    private boolean closed;

    ConnectionPool(int maxPerDestination, Duration idleTimeout, Clock clock) {
        this.maxPerDestination = maxPerDestination;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** Waits for a free slot for this destination; release it with {@link #release}. */
    void acquire(Destination destination) throws InterruptedException {
        permits.computeIfAbsent(destination.key(), k -> new Semaphore(maxPerDestination, true)).acquire();
    }

    void release(Destination destination) {
        permits.get(destination.key()).release();
    }

    /** A live idle connection to this destination, or null. Expired ones are closed on the way. */
    SmtpConnection takeIdle(Destination destination) {
        List<SmtpConnection> expired = new ArrayList<>();
        SmtpConnection found = null;
        synchronized (this) {
            Deque<SmtpConnection> queue = idle.get(destination.key());
            while (queue != null && !queue.isEmpty() && found == null) {
                SmtpConnection c = queue.pollFirst();
                if (c.idleLongerThan(idleTimeout, clock.instant())) {
                    expired.add(c);
                } else {
                    found = c;
                }
            }
        }
        expired.forEach(SmtpConnection::close);
        return found;
    }

    /** Keeps a connection for reuse, or closes it when it cannot be reused or the pool is closed. */
    void giveBack(SmtpConnection connection) {
        synchronized (this) {
            if (!closed && connection.isReusable()) {
                idle.computeIfAbsent(connection.destination().key(), k -> new ArrayDeque<>()).addFirst(connection);
                return;
            }
        }
        connection.close();
    }

    /** Closes idle connections unused for longer than the idle timeout; call now and then. */
    void closeExpired() {
        List<SmtpConnection> expired = new ArrayList<>();
        synchronized (this) {
            for (Deque<SmtpConnection> queue : idle.values()) {
                queue.removeIf(c -> {
                    boolean old = c.idleLongerThan(idleTimeout, clock.instant());
                    if (old) {
                        expired.add(c);
                    }
                    return old;
                });
            }
        }
        expired.forEach(SmtpConnection::close);
    }

    @Override
    public void close() {
        List<SmtpConnection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(SmtpConnection::close);
    }
}
