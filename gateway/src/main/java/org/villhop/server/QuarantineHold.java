package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.villhop.audit.AuditEvent;
import org.villhop.audit.AuditJournal;
import org.villhop.delivery.BodySource;
import org.villhop.quarantine.QuarantineEntry;
import org.villhop.quarantine.QuarantineStore;
import org.villhop.queue.QueuedMessage;

/**
 * Puts a message the inbound pipeline flagged into the {@link QuarantineStore} (the message exactly as queued), with
 * an audit event {@value #QUARANTINED} — unless an administrator released this very message, which then goes on to
 * its recipients.
 */
final class QuarantineHold {
    static final String QUARANTINED = "message.quarantined";
    private final QuarantineStore store;
    private final AuditJournal audit;

    QuarantineHold(QuarantineStore store, AuditJournal audit) {
        this.store = store;
        this.audit = audit;
    }

    /** The entry made, or null when the message was released and is to be delivered. */
    QuarantineEntry hold(QueuedMessage message, List<String> recipients, String verdict, BodySource original)
            throws IOException {
        try (InputStream in = original.open()) {
            if (store.wasReleased(QuarantineStore.digest(in))) {
                return null;
            }
        }
        QuarantineEntry entry;
        try (InputStream in = original.open()) {
            entry = store.hold(in, message.id(), message.envelope().sender(), recipients, verdict);
        }
        audit.record(new AuditEvent(QUARANTINED, AuditEvent.SUCCESS, "delivery", message.envelope().remoteAddress(),
                message.id(), message.envelope().sender(), recipients, "quarantine id " + entry.id() + " (queue id "
                + message.id() + "): " + verdict));
        return entry;
    }
}
