package org.villhop.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void failuresBeyondTheFirstFewAreAnsweredAfterADoublingDelayUpToTheMaximum() {
        AuthThrottle throttle = new AuthThrottle(new AuthLimits(2, Duration.ofSeconds(1), Duration.ofSeconds(5), 100,
                100, Duration.ofMinutes(15)), Clock.fixed(T0, ZoneOffset.UTC));
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(throttle.failed("192.0.2.1", "user" + i));
        }
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5)), delays);
    }

    @Test
    void lockoutIsPerUserNameCaseInsensitiveAndEndsWithTheWindow() {
        Instant[] now = {T0};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        AuthThrottle throttle = new AuthThrottle(new AuthLimits(0, Duration.ZERO, Duration.ZERO, 2, 10,
                Duration.ofMinutes(15)), clock);
        throttle.failed("192.0.2.1", "Martin");
        throttle.failed("192.0.2.1", "martin");
        assertEquals("too many failed authentications as martin from 192.0.2.1, try again later",
                throttle.refusal("192.0.2.1", "martin"));
        assertNull(throttle.refusal("192.0.2.1", "alice"));
        assertNull(throttle.refusal("198.51.100.7", "martin"));
        now[0] = T0.plus(Duration.ofMinutes(15));
        assertNull(throttle.refusal("192.0.2.1", "martin"));
    }
}
