package org.villhop.queue;

import java.time.Instant;

/**
 * The delivery state of one recipient of a queued message.
 *
 * @param index       position in the envelope (0-based), the key for status updates
 * @param recipient   the envelope recipient with its DSN parameters
 * @param status      where it stands
 * @param attempts    delivery attempts reported so far
 * @param lastReply   the last reply from the next hop (or the reason of a local decision), or null
 * @param nextAttempt when it is next due (meaningful for QUEUED and DEFERRED)
 * @param updated     when the status last changed
 */
public record RecipientState(int index, EnvelopeRecipient recipient, DeliveryStatus status, int attempts,
                             String lastReply, Instant nextAttempt, Instant updated) {
}
