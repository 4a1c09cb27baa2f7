package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.villhop.delivery.OutboundMessage;
import org.villhop.delivery.RecipientOutcome;
import org.villhop.receipts.Receipt;
import org.villhop.receipts.ReceiptException;
import org.villhop.receipts.ReceiptMatch;
import org.villhop.receipts.ReceiptParser;
import org.villhop.receipts.TrackingStore;

/**
 * The inbound side of tracking: every message coming in for a local recipient (after decryption and verification) is
 * read by the {@link ReceiptParser}; a DSN or MDN updates the tracking of the message it reports on, and is then
 * delivered like any message by the wrapped transport. A malformed receipt or a tracking failure is logged and the
 * message is still delivered: nothing is dropped.
 */
final class ReceiptTrackingTransport implements Transport {
    private final Transport next;
    private final TrackingStore tracking;
    private final Consumer<String> log;

    ReceiptTrackingTransport(Transport next, TrackingStore tracking, Consumer<String> log) {
        this.next = next;
        this.tracking = tracking;
        this.log = log;
    }

    @Override
    public List<RecipientOutcome> deliver(OutboundMessage message) throws InterruptedException {
        try (InputStream in = message.body().open()) {
            Optional<Receipt> receipt = new ReceiptParser().parse(in);
            if (receipt.isPresent()) {
                ReceiptMatch match = tracking.apply(receipt.get());
                log.accept("receipt (" + receipt.get().kind() + ") " + (match.matched()
                        ? "for " + match.messageId().orElseThrow() + ": " + match.recorded().size() + " event(s)"
                        : "matches no tracked message") + "; delivered as usual");
            }
        } catch (IOException | ReceiptException e) {
            log.accept("receipt not tracked (delivered as usual): " + e.getMessage());
        }
        return next.deliver(message);
    }
}
