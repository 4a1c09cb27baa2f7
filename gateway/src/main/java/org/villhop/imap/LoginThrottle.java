package org.villhop.imap;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: each failed login from an address delays the answer, doubling with every consecutive
 * failure up to a maximum; a successful login from the address resets it.
 */
final class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    private final Duration base;
    private final Duration max;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    LoginThrottle(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** Records a failure and returns how long to wait before answering. */
    Duration failed(String address) {
        if (failures.size() > MAX_TRACKED) {
            failures.clear();
        }
        int count = failures.merge(address, 1, Integer::sum);
        Duration delay = base.multipliedBy(1L << Math.min(count - 1, 20));
        return delay.compareTo(max) > 0 ? max : delay;
    }

    void succeeded(String address) {
        failures.remove(address);
    }
}
