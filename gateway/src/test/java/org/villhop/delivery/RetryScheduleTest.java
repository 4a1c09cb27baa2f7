package org.villhop.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    private static final Instant FIRST = Instant.parse("2026-11-23T10:00:00Z");
    private final RetrySchedule schedule = RetrySchedule.standard();

    private Instant next(int failures, Instant now) {
        return assertInstanceOf(RetrySchedule.Decision.RetryAt.class,
                schedule.afterFailedAttempt(failures, FIRST, now)).when();
    }

    @Test
    void waitsGrowAlongTheListThenTheLastOneRepeats() {
        assertEquals(FIRST.plus(Duration.ofMinutes(1)), next(1, FIRST));
        Instant second = FIRST.plus(Duration.ofMinutes(1));
        assertEquals(second.plus(Duration.ofMinutes(5)), next(2, second));
        Instant late = FIRST.plus(Duration.ofHours(20));
        assertEquals(late.plus(Duration.ofHours(4)), next(12, late));
    }

    @Test
    void theLastAttemptIsMadeAtTheGiveUpPointThenItGivesUp() {
        Instant almost = FIRST.plus(Duration.ofDays(2)).minus(Duration.ofHours(1));
        assertEquals(FIRST.plus(Duration.ofDays(2)), next(20, almost));
        RetrySchedule.Decision end = schedule.afterFailedAttempt(21, FIRST, FIRST.plus(Duration.ofDays(2)));
        assertTrue(assertInstanceOf(RetrySchedule.Decision.GiveUp.class, end).reason().contains("21 attempts"));
    }

    @Test
    void theGiveUpReasonSaysHowLongInWordsEvenUnderAMinute() {
        RetrySchedule quick = new RetrySchedule(List.of(Duration.ofSeconds(10)), Duration.ofSeconds(40),
                Duration.ZERO);
        RetrySchedule.Decision end = quick.afterFailedAttempt(4, FIRST, FIRST.plusSeconds(42));
        assertEquals("retries exhausted after 4 attempts over 42 seconds",
                assertInstanceOf(RetrySchedule.Decision.GiveUp.class, end).reason());
        assertEquals("less than a second", RetrySchedule.human(Duration.ofMillis(300)));
        assertEquals("1 second", RetrySchedule.human(Duration.ofSeconds(1)));
        assertEquals("1 minute 5 seconds", RetrySchedule.human(Duration.ofSeconds(65)));
        assertEquals("2 hours", RetrySchedule.human(Duration.ofHours(2)));
        assertEquals("3 hours 1 minute", RetrySchedule.human(Duration.ofMinutes(181)));
        assertEquals("2 days 4 hours", RetrySchedule.human(Duration.ofHours(52)));
    }

    @Test
    void delayNoticeBecomesDueAtTheConfiguredPoint() {
        assertFalse(schedule.delayNoticeDue(FIRST, FIRST.plus(Duration.ofHours(3))));
        assertTrue(schedule.delayNoticeDue(FIRST, FIRST.plus(Duration.ofHours(4))));
        RetrySchedule never = new RetrySchedule(List.of(Duration.ofMinutes(1)), Duration.ofHours(1), Duration.ZERO);
        assertFalse(never.delayNoticeDue(FIRST, FIRST.plus(Duration.ofDays(9))));
    }

    @Test
    void emptyOrNonPositiveWaitsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetrySchedule(List.of(), Duration.ofDays(1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RetrySchedule(List.of(Duration.ZERO), Duration.ofDays(1), Duration.ZERO));
    }
}
