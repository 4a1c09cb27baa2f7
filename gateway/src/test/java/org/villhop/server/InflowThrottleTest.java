package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InflowThrottleTest {

    @Test
    void aTransactionPassesAtOnceWhileTheBacklogHasRoom() throws Exception {
        InflowThrottle throttle = new InflowThrottle(2, Duration.ofMinutes(1));
        throttle.accepted();
        throttle.accepted();
        assertTrue(throttle.awaitRoom().compareTo(Duration.ofSeconds(30)) < 0, "two waiting is not more than two");
    }

    @Test
    void aFullBacklogHoldsATransactionBackForAtMostTheDelay() throws Exception {
        InflowThrottle throttle = new InflowThrottle(1, Duration.ofMillis(300));
        throttle.accepted();
        throttle.accepted();
        Duration waited = throttle.awaitRoom();
        assertTrue(waited.compareTo(Duration.ofMillis(290)) >= 0, "held back: " + waited);
        assertEquals(2, throttle.waiting(), "holding back refuses nothing and forgets nothing");
    }

    @Test
    void anAttemptLetsAHeldTransactionGo() throws Exception {
        InflowThrottle throttle = new InflowThrottle(1, Duration.ofMinutes(10));
        throttle.accepted();
        throttle.accepted();
        CompletableFuture<Duration> held = CompletableFuture.supplyAsync(() -> {
            try {
                return throttle.awaitRoom();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertTrue(!held.isDone(), "waits while the backlog is full");
        throttle.attempted();
        Duration waited = held.get(60, TimeUnit.SECONDS);
        assertTrue(waited.compareTo(Duration.ofMinutes(5)) < 0, "released by the attempt, not by the delay: " + waited);
    }

    @Test
    void attemptsOfMessagesItDidNotCountNeverMakeTheCountNegative() throws Exception {
        InflowThrottle throttle = new InflowThrottle(0, Duration.ofMinutes(10));
        throttle.attempted();
        throttle.attempted();
        assertEquals(0, throttle.waiting());
        assertTrue(throttle.awaitRoom().compareTo(Duration.ofMinutes(5)) < 0);
    }

    @Test
    void aZeroDelayNeverHoldsBack() throws Exception {
        InflowThrottle throttle = new InflowThrottle(0, Duration.ZERO);
        throttle.accepted();
        assertEquals(Duration.ZERO, throttle.awaitRoom());
    }
}
