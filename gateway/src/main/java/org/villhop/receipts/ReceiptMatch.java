package org.villhop.receipts;

import java.util.List;
import java.util.Optional;

/**
 * What applying a receipt to the tracking store did.
 *
 * @param messageId the tracked message it was matched to; empty when it matched no message villhop sent
 * @param recorded  the events recorded (empty when unmatched, or when this receipt had already been applied)
 */
public record ReceiptMatch(Optional<String> messageId, List<StatusEvent> recorded) {
    public ReceiptMatch {
        recorded = List.copyOf(recorded);
    }

    public boolean matched() {
        return messageId.isPresent();
    }
}
