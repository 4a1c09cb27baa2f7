package org.villhop.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.villhop.delivery.RecipientOutcome;
import org.villhop.queue.QueuedMessage;
import org.villhop.receipts.ReceiptException;
import org.villhop.receipts.RecipientStatus;
import org.villhop.receipts.SentMessage;
import org.villhop.receipts.TrackingStore;

/**
 * Feeds the tracking database ({@code villhop track}) from the delivery outcomes of messages local users submitted
 * (authenticated, non-null sender, with a Message-ID): the message is recorded, its recipients a next hop accepted as
 * {@code SENT} (never one whose hop was not reached or refused it), then the gateway's own observations:
 * {@code RELAYED} when a next hop took it without DSN support (a next hop that took NOTIFY will report itself),
 * {@code DELIVERED} into a local mailbox, {@code DELAYED} on the first deferral, {@code FAILED} when given up.
 * Receipts arriving later are applied by {@link ReceiptTrackingTransport}. A tracking failure is logged and never
 * stops delivery.
 *
 * <p>The store's SQLite commits (native code that writes the WAL and, at checkpoints, forces it) run on a platform
 * thread of their own while the delivering virtual thread waits: a virtual thread in native code would hold one of the
 * few carrier threads for as long. That writer records every attempt that finished while it was writing the previous
 * ones in one transaction. {@link #record} still returns only once its records are committed.
 */
final class SentTracking implements AutoCloseable {
    /** Attempts recorded in one transaction at most. */
    private static final int MAX_BATCH = 256;

    private final TrackingStore store;
    private final Consumer<String> log;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /** An attempt waiting to be written, and who waits for it. */
    private record Pending(TrackingStore.Attempt attempt, CompletableFuture<Void> written) {
    }

    SentTracking(TrackingStore store, Consumer<String> log) {
        this.store = store;
        this.log = log;
        this.writer = Thread.ofPlatform().daemon().name("tracking-writer").start(this::writeUntilClosed);
    }

    void record(QueuedMessage message, Optional<String> messageId, List<RecipientOutcome> delivered,
                List<RecipientOutcome> failed, List<RecipientOutcome> deferred) {
        Optional<TrackingStore.Attempt> attempt;
        try {
            attempt = attempt(message, messageId, delivered, failed, deferred);
        } catch (ReceiptException | IllegalArgumentException e) { // a Message-ID that cannot be tracked: "<>"
            log.accept("tracking of " + messageId.orElse(message.id()) + ": " + e.getMessage());
            return;
        }
        if (attempt.isEmpty()) {
            return;
        }
        if (closed) {
            log.accept("tracking of " + messageId.orElse(message.id()) + ": the gateway is stopping");
            return;
        }
        Pending p = new Pending(attempt.get(), new CompletableFuture<>());
        pending.add(p);
        boolean interrupted = false;
        while (true) {
            try {
                p.written().get(1, TimeUnit.SECONDS);
                break;
            } catch (TimeoutException e) {
                if (!writer.isAlive() && pending.remove(p)) { // closed between the check above and the add
                    log.accept("tracking of " + messageId.orElse(message.id()) + ": the gateway is stopping");
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                log.accept("tracking of " + messageId.orElse(message.id()) + ": " + e.getCause().getMessage());
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is pending, in batches, until closed; then what is left, before the thread ends. */
    private void writeUntilClosed() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                if (!closed) {
                    batch.add(pending.take());
                }
            } catch (InterruptedException e) {
                // closed: write what is left below, then stop
            }
            pending.drainTo(batch, MAX_BATCH - batch.size());
            if (batch.isEmpty()) {
                if (closed) {
                    return;
                }
                continue;
            }
            write(batch);
            batch.clear();
        }
    }

    /**
     * One transaction for the batch; if it fails, each attempt alone, so that one bad record loses no other. Whatever
     * the store throws goes to the waiting callers: the writer outlives it.
     */
    private void write(List<Pending> batch) {
        try {
            store.recordAll(batch.stream().map(Pending::attempt).toList());
            batch.forEach(p -> p.written().complete(null));
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().written().completeExceptionally(e);
                return;
            }
        }
        for (Pending p : batch) {
            try {
                store.recordAll(List.of(p.attempt()));
                p.written().complete(null);
            } catch (RuntimeException e) {
                p.written().completeExceptionally(e);
            }
        }
    }

    private static Optional<TrackingStore.Attempt> attempt(QueuedMessage message, Optional<String> messageId,
                                                           List<RecipientOutcome> delivered,
                                                           List<RecipientOutcome> failed,
                                                           List<RecipientOutcome> deferred) {
        if (messageId.isEmpty() || message.envelope().sender().isEmpty()
                || message.envelope().authenticatedUser() == null) {
            return Optional.empty();
        }
        List<RecipientOutcome> all = new ArrayList<>(delivered);
        all.addAll(failed);
        all.addAll(deferred);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        List<TrackingStore.Observation> observed = new ArrayList<>();
        for (RecipientOutcome o : delivered) {
            if (o.remoteMta() == null) {
                observed.add(new TrackingStore.Observation(o.recipient().address(), RecipientStatus.DELIVERED,
                        "delivered to the local mailbox"));
            } else if (!o.dsnPassedOn()) {
                observed.add(new TrackingStore.Observation(o.recipient().address(), RecipientStatus.RELAYED,
                        o.remoteMta() + " (no DSN there): " + o.status() + " " + o.detail()));
            }
        }
        for (RecipientOutcome o : deferred) {
            observed.add(new TrackingStore.Observation(o.recipient().address(), RecipientStatus.DELAYED,
                    o.status() + " " + o.detail()));
        }
        for (RecipientOutcome o : failed) {
            observed.add(new TrackingStore.Observation(o.recipient().address(), RecipientStatus.FAILED,
                    o.status() + " " + o.detail()));
        }
        SentMessage sent = new SentMessage(messageId.get(), Optional.ofNullable(message.envelope().envelopeId()),
                message.envelope().sender(), all.stream().map(o -> o.recipient().address()).toList(),
                all.getFirst().attemptedAt());
        List<String> handedOver = delivered.stream().filter(o -> o.remoteMta() != null)
                .map(o -> o.recipient().address()).toList();
        return Optional.of(new TrackingStore.Attempt(sent, handedOver, observed));
    }
}
