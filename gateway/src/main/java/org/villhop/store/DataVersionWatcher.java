package org.villhop.store;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Looks, at a fixed interval, whether another process committed to the mailbox database, so that sessions waiting in
 * IDLE hear of mail an administrator stored with {@code villhop mailbox deliver} beside the running gateway (changes
 * made through the store itself are announced at once, without it). One virtual thread, started on the first
 * {@link #start}, stopped by {@link #stop}; each look is {@code check}, which answers quickly.
 */
final class DataVersionWatcher {

    private final Duration interval;
    private final Runnable check;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopping = lock.newCondition();
    private Thread thread;
    private boolean stopped;

    DataVersionWatcher(Duration interval, Runnable check) {
        this.interval = interval;
        this.check = check;
    }

    /** Starts looking, once; does nothing after {@link #stop}. */
    void start() {
        lock.lock();
        try {
            if (thread == null && !stopped) {
                thread = Thread.ofVirtual().name("mailbox-store-watcher").start(this::run);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops looking and waits for a look in progress to end. */
    void stop() {
        Thread running;
        lock.lock();
        try {
            stopped = true;
            stopping.signalAll();
            running = thread;
        } finally {
            lock.unlock();
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (waitInterval()) {
            try {
                check.run();
            } catch (RuntimeException e) {
                // The database is busy or failing, or a listener failed: the next look tries again, and sessions
                // still see the change at their next command. The watcher must outlive any one failure.
                continue;
            }
        }
    }

    /** Waits one interval; false once stopped. */
    private boolean waitInterval() {
        lock.lock();
        try {
            long nanos = interval.toNanos();
            while (!stopped && nanos > 0) {
                nanos = stopping.awaitNanos(nanos);
            }
            return !stopped;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }
}
