package org.villhop.storage;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A short wait before forcing to disk while forces follow one another closely, so that the writes arriving meanwhile
 * share the force (what PostgreSQL calls {@code commit_delay}). A group commit alone shares a force only among the
 * writes that arrive while the previous force is under way; on a disk whose forces are short next to the gap between
 * writes (a few hundred writes a second, each force a fraction of a millisecond) that is almost none, and each force
 * costs the process CPU time in the kernel. The wait applies only when the previous force ended less than
 * {@code busy} ago, so a lone write on a quiet gateway is forced at once; under load each write waits at most
 * {@code delay} more before it is durable. The wait also has to pay: the average number of other writes a wait
 * gathered is kept (over about the last eight waits); when it falls under one half (one writer committing in a loop:
 * nobody comes) only every {@value #PROBE_EVERY}th force waits, to notice when company comes back.
 *
 * <p>Not thread-safe: used by the one thread at a time that forces (under the caller's lock or on its thread).
 * Intervals are measured with {@link System#nanoTime()}: they are waits, not times of day.
 */
public final class CommitDelay {
    /** The gateway's default: wait 2 ms when the previous force ended less than 10 ms ago. */
    public static final Duration DEFAULT_DELAY = Duration.ofMillis(2);
    public static final Duration DEFAULT_BUSY = Duration.ofMillis(10);

    /** While waits gather too little, one busy force in this many still waits (to measure again). */
    static final int PROBE_EVERY = 16;

    private final long delayNanos;
    private final long busyNanos;
    private long lastForce;
    /** Other writes gathered per wait, moving average (starts hopeful). */
    private double company = 1;
    private boolean waited;
    private int sinceProbe;

    /**
     * @param delay how long to wait before a force while busy ({@link Duration#ZERO}: never wait)
     * @param busy  how recent the previous force must be for the next one to wait
     */
    public CommitDelay(Duration delay, Duration busy) {
        if (delay.isNegative() || busy.isNegative()) {
            throw new IllegalArgumentException("commit delay and busy interval must not be negative");
        }
        this.delayNanos = delay.toNanos();
        this.busyNanos = busy.toNanos();
        this.lastForce = System.nanoTime() - busyNanos - 1;
    }

    /** The default wait ({@link #DEFAULT_DELAY} when the previous force was within {@link #DEFAULT_BUSY}). */
    public static CommitDelay standard() {
        return new CommitDelay(DEFAULT_DELAY, DEFAULT_BUSY);
    }

    /** Never waits: every force happens as soon as it is asked for. */
    public static CommitDelay none() {
        return new CommitDelay(Duration.ZERO, Duration.ZERO);
    }

    /**
     * Called just before forcing: waits {@code delay} if the previous force ended less than {@code busy} ago.
     *
     * @return whether it waited (the caller then gathers what arrived meanwhile)
     */
    public boolean beforeForce() {
        waited = false;
        if (delayNanos == 0 || System.nanoTime() - lastForce >= busyNanos) {
            return false;
        }
        if (company < 0.5 && ++sinceProbe < PROBE_EVERY) {
            return false;
        }
        sinceProbe = 0;
        waited = true;
        long until = System.nanoTime() + delayNanos;
        for (long left = delayNanos; left > 0 && !Thread.currentThread().isInterrupted();
             left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return true;
    }

    /**
     * Called when a force has ended.
     *
     * @param writes how many writes the force made durable (the one that asked for it included)
     */
    public void afterForce(int writes) {
        lastForce = System.nanoTime();
        if (waited) {
            company += (Math.max(0, writes - 1) - company) / 8;
            waited = false;
        }
    }

    /** Whether forces currently wait when busy (false while waits gather too little, between probes). */
    boolean waiting() {
        return company >= 0.5;
    }
}
