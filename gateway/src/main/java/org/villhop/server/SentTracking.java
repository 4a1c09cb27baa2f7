package org.villhop.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 */
final class SentTracking {
    private final TrackingStore store;
    private final Consumer<String> log;

    SentTracking(TrackingStore store, Consumer<String> log) {
        this.store = store;
        this.log = log;
    }

    void record(QueuedMessage message, Optional<String> messageId, List<RecipientOutcome> delivered,
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
        try {
            store.recordSent(new SentMessage(messageId.get(), Optional.ofNullable(message.envelope().envelopeId()),
                    message.envelope().sender(), all.stream().map(o -> o.recipient().address()).toList(),
                    all.getFirst().attemptedAt()), delivered.stream().filter(o -> o.remoteMta() != null)
                    .map(o -> o.recipient().address()).toList());
            for (RecipientOutcome o : delivered) {
                if (o.remoteMta() == null) {
                    store.recordLocal(messageId.get(), o.recipient().address(), RecipientStatus.DELIVERED,
                            "delivered to the local mailbox");
                } else if (!o.dsnPassedOn()) {
                    store.recordLocal(messageId.get(), o.recipient().address(), RecipientStatus.RELAYED,
                            o.remoteMta() + " (no DSN there): " + o.status() + " " + o.detail());
                }
            }
            for (RecipientOutcome o : deferred) {
                store.recordLocal(messageId.get(), o.recipient().address(), RecipientStatus.DELAYED,
                        o.status() + " " + o.detail());
            }
            for (RecipientOutcome o : failed) {
                store.recordLocal(messageId.get(), o.recipient().address(), RecipientStatus.FAILED,
                        o.status() + " " + o.detail());
            }
        } catch (ReceiptException e) {
            log.accept("tracking of " + messageId.get() + ": " + e.getMessage());
        }
    }
}
