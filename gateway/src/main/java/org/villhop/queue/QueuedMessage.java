package org.villhop.queue;

import java.time.Instant;
import java.util.List;

/**
 * A message held by the queue: its id, envelope, body size and per-recipient state (the body is read with
 * {@link MessageQueue#openBody}).
 */
public record QueuedMessage(String id, Instant received, Envelope envelope, long size,
                            List<RecipientState> recipients) {
    public QueuedMessage {
        recipients = List.copyOf(recipients);
    }

    /** Recipients due for an attempt at {@code now}: pending ones whose next attempt has come. */
    public List<RecipientState> dueRecipients(Instant now) {
        return recipients.stream().filter(r -> !r.status().isFinal() && !r.nextAttempt().isAfter(now)).toList();
    }

    /** Recipients still waiting for delivery (QUEUED or DEFERRED). */
    public List<RecipientState> pending() {
        return recipients.stream().filter(r -> !r.status().isFinal()).toList();
    }
}
