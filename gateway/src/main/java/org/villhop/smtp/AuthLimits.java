package org.villhop.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed SMTP AUTH attempts are slowed down and locked out, counted within a sliding {@code window}.
 *
 * @param failuresBeforeDelay failures from one address after which each further failure is answered late
 * @param firstDelay          the first such delay, doubled per further failure
 * @param maxDelay            the longest delay
 * @param failuresPerUser     failures for one user name from one address before AUTH as that user from that address
 *                            is refused ({@code 454 4.7.0}) without checking the password
 * @param failuresPerAddress  failures from one address, whatever the user names, before every AUTH from it is
 *                            refused (against password spraying)
 * @param window              how long a failure counts
 */
public record AuthLimits(int failuresBeforeDelay, Duration firstDelay, Duration maxDelay, int failuresPerUser,
                         int failuresPerAddress, Duration window) {

    public AuthLimits {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(window, "window");
        if (failuresBeforeDelay < 0 || failuresPerUser < 1 || failuresPerAddress < failuresPerUser
                || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || !window.isPositive()) {
            throw new IllegalArgumentException("AUTH limits out of range: " + failuresBeforeDelay + " before delay, "
                    + failuresPerUser + " per user, " + failuresPerAddress + " per address, window " + window);
        }
    }

    /** 5 failures before a delay of 1 s doubling up to 30 s; 5 per user and 50 per address in 15 minutes. */
    public static AuthLimits defaults() {
        return new AuthLimits(5, Duration.ofSeconds(1), Duration.ofSeconds(30), 5, 50, Duration.ofMinutes(15));
    }
}
