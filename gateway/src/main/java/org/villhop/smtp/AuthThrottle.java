package org.villhop.smtp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed AUTH attempts per client IP in a sliding window: past the limit, AUTH is refused without checking the
 * password until old failures leave the window. Thread-safe; memory bounded by pruning.
 */
final class AuthThrottle {
    private static final int PRUNE_ABOVE = 10_000;
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    AuthThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    synchronized boolean blocked(String ip) {
        Deque<Instant> recent = failures.get(ip);
        if (recent == null) {
            return false;
        }
        expire(recent);
        return recent.size() >= maxFailures;
    }

    synchronized void failed(String ip) {
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().forEach(this::expire);
            failures.values().removeIf(Deque::isEmpty);
        }
        failures.computeIfAbsent(ip, k -> new ArrayDeque<>()).addLast(clock.instant());
    }

    synchronized void succeeded(String ip) {
        failures.remove(ip);
    }

    private void expire(Deque<Instant> recent) {
        Instant horizon = clock.instant().minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
            recent.removeFirst();
        }
    }
}
