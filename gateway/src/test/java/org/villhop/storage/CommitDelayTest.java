package org.villhop.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CommitDelayTest {

    @Test
    void theFirstForceAndOneAfterAQuietSpellDoNotWait() {
        CommitDelay delay = new CommitDelay(Duration.ofSeconds(5), Duration.ofMillis(1));
        assertFalse(delay.beforeForce(), "nothing was forced yet");
        delay.afterForce(1);
        sleep(Duration.ofMillis(5));
        assertFalse(delay.beforeForce(), "the previous force is older than the busy interval");
    }

    @Test
    void aForceRightAfterAnotherWaitsTheWholeDelay() {
        Duration wait = Duration.ofMillis(20);
        CommitDelay delay = new CommitDelay(wait, Duration.ofMinutes(1));
        delay.afterForce(1);
        long start = System.nanoTime();
        assertTrue(delay.beforeForce());
        assertTrue(System.nanoTime() - start >= wait.toNanos(), "returned before the delay was over");
    }

    @Test
    void waitsThatGatherNobodyStopExceptForAProbeNowAndThen() {
        CommitDelay delay = new CommitDelay(Duration.ofMillis(1), Duration.ofMinutes(1));
        delay.afterForce(1);
        int waits = 0;
        while (delay.waiting()) {
            assertTrue(delay.beforeForce(), "a busy force waits while waits pay");
            delay.afterForce(1);
            waits++;
        }
        assertTrue(waits >= 2 && waits <= 10, waits + " lonely waits before giving up");
        int probes = 0;
        for (int i = 0; i < 3 * CommitDelay.PROBE_EVERY; i++) {
            if (delay.beforeForce()) {
                probes++;
            }
            delay.afterForce(1);
        }
        assertEquals(3, probes);
        for (int i = 0; i < 3 * CommitDelay.PROBE_EVERY && !delay.waiting(); i++) {
            delay.beforeForce();
            delay.afterForce(9);
        }
        assertTrue(delay.waiting(), "probes that gather company bring the waits back");
        assertTrue(delay.beforeForce());
    }

    @Test
    void noneNeverWaits() {
        CommitDelay delay = CommitDelay.none();
        delay.afterForce(1);
        assertFalse(delay.beforeForce());
    }

    @Test
    void anInterruptedThreadIsNotHeld() throws Exception {
        CommitDelay delay = new CommitDelay(Duration.ofMinutes(10), Duration.ofMinutes(10));
        delay.afterForce(1);
        Thread waiter = Thread.ofVirtual().start(delay::beforeForce);
        waiter.interrupt();
        waiter.join(Duration.ofSeconds(30));
        assertFalse(waiter.isAlive(), "still waiting after an interrupt");
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CommitDelay(Duration.ofMillis(-1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new CommitDelay(Duration.ZERO, Duration.ofMillis(-1)));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
