package org.villhop.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When to try a deferred recipient again, as data: the waits after the 1st, 2nd, ... failed attempt (the last one
 * repeats), how long to keep trying before giving up (a failure DSN follows) and after how long the sender gets a
 * delay DSN.
 *
 * @param waits            waits after each failed attempt, at least one; the last repeats
 * @param giveUpAfter      counted from the first attempt; a last attempt is made at that point, then none
 * @param delayNoticeAfter counted from the first attempt; when a delay DSN becomes due (zero: never)
 */
public record RetrySchedule(List<Duration> waits, Duration giveUpAfter, Duration delayNoticeAfter) {

    public RetrySchedule {
        waits = List.copyOf(waits);
        if (waits.isEmpty() || waits.stream().anyMatch(w -> w.isNegative() || w.isZero())) {
            throw new IllegalArgumentException("retry waits must be a non-empty list of positive durations");
        }
        if (giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("give-up time must be positive");
        }
        if (delayNoticeAfter.isNegative()) {
            throw new IllegalArgumentException("delay-notice time must not be negative");
        }
    }

    /** 1 min, 5 min, 15 min, 30 min, 1 h, 2 h, then every 4 h; give up after 2 days; delay DSN after 4 hours. */
    public static RetrySchedule standard() {
        return new RetrySchedule(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4)),
                Duration.ofDays(2), Duration.ofHours(4));
    }

    /** What to do after a failed attempt. */
    public sealed interface Decision {
        /** Try again at this time. */
        record RetryAt(Instant when) implements Decision {
        }

        /** Stop: the recipient fails ("retries exhausted") and a failure DSN is due. */
        record GiveUp(String reason) implements Decision {
        }
    }

    /**
     * @param failedAttempts attempts made so far (>= 1), the last of which just failed
     * @param firstAttempt   when the first attempt was made
     * @param now            now (the end of the last attempt)
     */
    public Decision afterFailedAttempt(int failedAttempts, Instant firstAttempt, Instant now) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be >= 1");
        }
        Instant deadline = firstAttempt.plus(giveUpAfter);
        if (!now.isBefore(deadline)) {
            return new Decision.GiveUp("retries exhausted after " + failedAttempts + " attempts over "
                    + human(Duration.between(firstAttempt, now)));
        }
        Instant next = now.plus(waits.get(Math.min(failedAttempts, waits.size()) - 1));
        return new Decision.RetryAt(next.isAfter(deadline) ? deadline : next);
    }

    /** Whether a delay DSN is due now (the caller sends it once per recipient). */
    public boolean delayNoticeDue(Instant firstAttempt, Instant now) {
        return !delayNoticeAfter.isZero() && !now.isBefore(firstAttempt.plus(delayNoticeAfter));
    }

    /** When retrying stops, for the delay DSN's Will-Retry-Until field. */
    public Instant retryUntil(Instant firstAttempt) {
        return firstAttempt.plus(giveUpAfter);
    }

    /** "less than a second", "45 seconds", "12 minutes 5 seconds", "2 hours 5 minutes", "3 days 4 hours". */
    static String human(Duration d) {
        if (d.toDays() >= 1) {
            return units(d.toDays(), "day", d.toHoursPart(), "hour");
        }
        if (d.toHours() >= 1) {
            return units(d.toHours(), "hour", d.toMinutesPart(), "minute");
        }
        if (d.toMinutes() >= 1) {
            return units(d.toMinutes(), "minute", d.toSecondsPart(), "second");
        }
        return d.toSeconds() >= 1 ? units(d.toSeconds(), "second", 0, "") : "less than a second";
    }

    private static String units(long major, String majorUnit, long minor, String minorUnit) {
        return count(major, majorUnit) + (minor > 0 ? " " + count(minor, minorUnit) : "");
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
