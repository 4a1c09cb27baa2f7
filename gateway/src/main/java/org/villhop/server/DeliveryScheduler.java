package org.villhop.server;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.villhop.queue.MessageQueue;
import org.villhop.queue.QueuedMessage;

/**
 * The delivery loop: claims due messages from the queue (leased, so that a crashed gateway's work comes back), runs
 * each on its own virtual thread through {@link MessageDelivery}, and releases it. It wakes when a message is queued
 * ({@link #wake}), when a worker ends, and at least every poll interval (for deferred recipients coming due).
 * Closing stops claiming, lets in-flight deliveries finish within a grace period, then interrupts them; an
 * interrupted message is released with its unfinished recipients still due, so the next start retries them.
 */
final class DeliveryScheduler implements AutoCloseable {
    private final MessageQueue queue;
    private final MessageDelivery delivery;
    private final Runnable housekeeping;
    private final Runnable attempted;
    private final Clock clock;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration shutdownGrace;
    private final Consumer<String> log;
    private final Semaphore slots;
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    /**
     * Messages a worker of this scheduler is delivering. A delivery can outlast its lease (a slow peer within the data
     * timeout): claiming such a message again must not start a second, concurrent delivery of it.
     */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private Thread loop;

    /** @param attempted run after each delivery attempt, once the message is released */
    DeliveryScheduler(MessageQueue queue, MessageDelivery delivery, Runnable housekeeping, Runnable attempted,
                      Clock clock, GatewayOptions options, Consumer<String> log) {
        this.queue = queue;
        this.delivery = delivery;
        this.housekeeping = housekeeping;
        this.attempted = attempted;
        this.clock = clock;
        this.lease = options.lease();
        this.pollInterval = options.pollInterval();
        this.shutdownGrace = options.shutdownGrace();
        this.log = log;
        this.slots = new Semaphore(options.maxInFlight());
    }

    synchronized void start() {
        running = true;
        loop = Thread.ofVirtual().name("delivery-scheduler").start(this::run);
    }

    /** Something may be due now (a message was queued, a worker ended). */
    void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (running) {
            boolean more = false;
            try {
                int free = slots.availablePermits();
                if (free > 0) {
                    List<QueuedMessage> claimed = queue.claimDue(clock.instant(), lease, free);
                    for (QueuedMessage message : claimed) {
                        if (!inFlight.add(message.id())) {
                            continue;
                        }
                        slots.acquire();
                        Thread worker = Thread.ofVirtual().name("delivery-" + message.id()).unstarted(
                                () -> work(message));
                        workers.add(worker);
                        worker.start();
                    }
                    more = claimed.size() == free;
                }
                housekeeping.run();
                if (!more) {
                    awaitSignal();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.accept("delivery: cannot read the queue: " + e.getMessage());
                try {
                    awaitSignal();
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void awaitSignal() throws InterruptedException {
        lock.lock();
        try {
            if (!woken && running) {
                signal.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    private void work(QueuedMessage message) {
        try {
            delivery.attempt(message);
        } catch (InterruptedException e) {
            log.accept("delivery of " + message.id() + " interrupted by shutdown: its recipients stay due");
        } catch (IOException | RuntimeException e) {
            log.accept("delivery of " + message.id() + " failed locally: " + e);
        } catch (Error e) {
            log.accept("delivery of " + message.id() + " failed: " + e);
            throw e;
        } finally {
            inFlight.remove(message.id());
            try {
                queue.release(message.id());
            } catch (IOException e) {
                log.accept("cannot release " + message.id() + " (its lease will lapse): " + e.getMessage());
            }
            workers.remove(Thread.currentThread());
            slots.release();
            attempted.run();
            wake();
        }
    }

    /** Stops the loop and waits for the workers (the grace period, then interrupted). Keeps an interrupt it meets. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop() throws InterruptedException {
        Thread l;
        synchronized (this) {
            running = false;
            l = loop;
        }
        if (l == null) {
            return;
        }
        wake();
        l.join();
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        for (Thread worker : Set.copyOf(workers)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !worker.join(Duration.ofNanos(left))) {
                worker.interrupt();
            }
        }
        for (Thread worker : Set.copyOf(workers)) {
            worker.join(Duration.ofSeconds(10));
        }
    }
}
