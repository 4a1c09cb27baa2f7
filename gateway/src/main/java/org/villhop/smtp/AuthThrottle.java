package org.villhop.smtp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Failed AUTH attempts in a sliding window, per (client address, user name) and per client address (see
 * {@link AuthLimits}): a user name that failed too often from an address is locked out from that address only, so one
 * mistyped password behind a shared NAT does not lock out its other users; an address that failed too often for any
 * names is locked out entirely; and past a few failures each failure is answered after a growing delay.
 * Thread-safe; memory bounded by pruning.
 */
final class AuthThrottle {
    private static final int PRUNE_ABOVE = 10_000;
    private final AuthLimits limits;
    private final Clock clock;
    private final Map<String, Deque<Instant>> byAddress = new HashMap<>();
    private final Map<String, Deque<Instant>> byUser = new HashMap<>();

    AuthThrottle(AuthLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Why AUTH as {@code user} from {@code ip} is refused without checking the password, or null when it is not. */
    synchronized String refusal(String ip, String user) {
        if (recent(byAddress, ip) >= limits.failuresPerAddress()) {
            return "too many failed authentications from " + ip + ", try again later";
        }
        if (recent(byUser, key(ip, user)) >= limits.failuresPerUser()) {
            return "too many failed authentications as " + user + " from " + ip + ", try again later";
        }
        return null;
    }

    /** Records a failure; returns how long to wait before answering it. */
    synchronized Duration failed(String ip, String user) {
        if (byAddress.size() + byUser.size() > PRUNE_ABOVE) {
            prune(byAddress);
            prune(byUser);
        }
        Instant now = clock.instant();
        byUser.computeIfAbsent(key(ip, user), k -> new ArrayDeque<>()).addLast(now);
        Deque<Instant> fromAddress = byAddress.computeIfAbsent(ip, k -> new ArrayDeque<>());
        fromAddress.addLast(now);
        int beyond = fromAddress.size() - limits.failuresBeforeDelay();
        if (beyond <= 0) {
            return Duration.ZERO;
        }
        Duration delay = limits.firstDelay().multipliedBy(1L << Math.min(beyond - 1, 20));
        return delay.compareTo(limits.maxDelay()) > 0 ? limits.maxDelay() : delay;
    }

    /** A success forgets that user's failures from that address (the address's count stays, against spraying). */
    synchronized void succeeded(String ip, String user) {
        byUser.remove(key(ip, user));
    }

    private int recent(Map<String, Deque<Instant>> map, String key) {
        Deque<Instant> failures = map.get(key);
        if (failures == null) {
            return 0;
        }
        expire(failures);
        return failures.size();
    }

    private void prune(Map<String, Deque<Instant>> map) {
        map.values().forEach(this::expire);
        map.values().removeIf(Deque::isEmpty);
    }

    private void expire(Deque<Instant> failures) {
        Instant horizon = clock.instant().minus(limits.window());
        while (!failures.isEmpty() && !failures.peekFirst().isAfter(horizon)) {
            failures.removeFirst();
        }
    }

    private static String key(String ip, String user) {
        return ip + "\u0000" + user.toLowerCase(Locale.ROOT);
    }
}
