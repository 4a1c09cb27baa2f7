package org.villhop.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
 * {@code SENT} (never one whose hop was not reached or refused it), then the gateway's own observations: {@code RELAYED} when a next hop took it without DSN support (a next hop that
 * took NOTIFY will report itself), {@code DELIVERED} into a local mailbox, {@code DELAYED} on the first deferral,
 * {@code FAILED} when given up. Receipts arriving later are applied by {@link ReceiptTrackingTransport}. A tracking
 * failure is logged and never stops delivery.
 *
 * <p>The store's SQLite commits (native code that writes the WAL and, at checkpoints, forces it) run on a platform
 * thread of their own while the delivering virtual thread waits: a virtual thread in native code would hold one of the
 * few carrier threads for as long. {@link #record} still returns only once the records are committed.
 */
final class SentTracking implements AutoCloseable {
    private final TrackingStore store;
    private final Consumer<String> log;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("tracking-writer").factory());

    SentTracking(TrackingStore store, Consumer<String> log) {
        this.store = store;
        this.log = log;
    }

    void record(QueuedMessage message, Optional<String> messageId, List<RecipientOutcome> delivered,
                List<RecipientOutcome> failed, List<RecipientOutcome> deferred) {
        Future<?> done;
        try {
            done = writer.submit(() -> write(message, messageId, delivered, failed, deferred));
        } catch (RejectedExecutionException e) {
            log.accept("tracking of " + messageId.orElse(message.id()) + ": the gateway is stopping");
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                log.accept("tracking of " + messageId.orElse(message.id()) + ": " + e.getCause());
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(QueuedMessage message, Optional<String> messageId, List<RecipientOutcome> delivered,
                       List<RecipientOutcome> failed, List<RecipientOutcome> deferred) {
        if (messageId.isEmpty() || message.envelope().sender().isEmpty()
                || message.envelope().authenticatedUser() == null) {
            return;
        }
        List<RecipientOutcome> all = new ArrayList<>(delivered);
        all.addAll(failed);
        all.addAll(deferred);
        if (all.isEmpty()) {
            return;
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
        try {
            // one transaction (one forced write) for the message and every state observed in this attempt
            store.recordSent(new SentMessage(messageId.get(), Optional.ofNullable(message.envelope().envelopeId()),
                    message.envelope().sender(), all.stream().map(o -> o.recipient().address()).toList(),
                    all.getFirst().attemptedAt()), delivered.stream().filter(o -> o.remoteMta() != null)
                    .map(o -> o.recipient().address()).toList(), observed);
        } catch (ReceiptException e) {
            log.accept("tracking of " + messageId.get() + ": " + e.getMessage());
        }
    }
}
