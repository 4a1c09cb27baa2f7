package org.villhop.server;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Slows new SMTP transactions down while messages arrive faster than they are delivered, the way Postfix's
 * {@code in_flow_delay} does: when more than {@code backlog} accepted messages wait for their first delivery attempt,
 * a new transaction (MAIL FROM) waits until one is attempted, at most {@code maxDelay}. Without it a client that
 * submits faster than the gateway signs and relays fills the queue, and every message waits behind the backlog
 * (seconds under load); with it the client is held back by at most the delay per message, never refused.
 *
 * <p>The count is an estimate kept in memory: every end of a delivery attempt lowers it (also retries and notices,
 * never below zero), so it errs towards throttling less. Safe for concurrent use.
 */
final class InflowThrottle {
    private final int backlog;
    private final Duration maxDelay;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private int waiting;

    /**
     * @param backlog  messages waiting for their first attempt beyond which new transactions are held back
     * @param maxDelay the longest one transaction is held back ({@link Duration#ZERO}: never)
     */
    InflowThrottle(int backlog, Duration maxDelay) {
        this.backlog = backlog;
        this.maxDelay = maxDelay;
    }

    /** A message was accepted and queued. */
    void accepted() {
        lock.lock();
        try {
            waiting++;
        } finally {
            lock.unlock();
        }
    }

    /** A delivery attempt ended. */
    void attempted() {
        lock.lock();
        try {
            if (waiting > 0) {
                waiting--;
            }
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits while the backlog is full, at most the delay; returns how long it waited. */
    Duration awaitRoom() throws InterruptedException {
        if (maxDelay.isZero()) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        long left = maxDelay.toNanos();
        lock.lock();
        try {
            while (waiting > backlog && left > 0) {
                left = room.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Messages counted as waiting for their first attempt (for tests and diagnostics). */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }
}
