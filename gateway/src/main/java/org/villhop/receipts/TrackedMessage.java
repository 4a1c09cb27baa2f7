package org.villhop.receipts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sent message and everything known about its recipients.
 *
 * @param messageId  normalised Message-ID (no angle brackets)
 * @param envelopeId ENVID, when one was given
 * @param sender     envelope sender
 * @param sentAt     when it was sent
 * @param current    each recipient's current state (the highest-ranked reported)
 * @param history    every event, oldest first
 */
public record TrackedMessage(String messageId, Optional<String> envelopeId, String sender, Instant sentAt,
                             Map<String, RecipientStatus> current, List<StatusEvent> history) {
    public TrackedMessage {
        current = Map.copyOf(current);
        history = List.copyOf(history);
    }
}
