package org.villhop.receipts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A message villhop sent, as the outbound path records it for tracking.
 *
 * @param messageId  its Message-ID (with or without angle brackets)
 * @param envelopeId the ENVID given to the next hop (RFC 3461), when one was
 * @param sender     the envelope sender
 * @param recipients the envelope recipients
 * @param sentAt     when it was handed to the next hop
 */
public record SentMessage(String messageId, Optional<String> envelopeId, String sender, List<String> recipients,
                          Instant sentAt) {
    public SentMessage {
        recipients = List.copyOf(recipients);
        if (MessageIds.normalise(messageId).isEmpty()) {
            throw new ReceiptException("a sent message needs a Message-ID to be tracked");
        }
        if (recipients.isEmpty()) {
            throw new ReceiptException("a sent message needs at least one recipient to be tracked");
        }
    }
}
