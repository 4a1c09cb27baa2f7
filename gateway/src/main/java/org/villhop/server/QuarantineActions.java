package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;

import org.villhop.audit.AuditEvent;
import org.villhop.audit.HashChainJournal;
import org.villhop.quarantine.QuarantineEntry;
import org.villhop.quarantine.QuarantineStore;
import org.villhop.queue.Envelope;
import org.villhop.queue.SqliteMessageQueue;

/**
 * {@code villhop quarantine release|delete}: what an administrator decides about a held message, each decision an
 * audit event ({@value #RELEASED}, {@value #DELETED}). Releasing records the message as released, then puts it back
 * in the queue for its recipients: the delivery runs it through the inbound pipeline again (same verdict stamped)
 * and, seeing it released, delivers it. Both take the data directory's lock, so they refuse to run beside a gateway
 * (whose audit journal must have one writer).
 */
public final class QuarantineActions {
    static final String RELEASED = "quarantine.released";
    static final String DELETED = "quarantine.deleted";

    private QuarantineActions() {
    }

    /** Releases quarantined message {@code id}; returns its new queue id. */
    public static String release(Path data, String id, String actor, Clock clock) throws IOException, GatewayException {
        DataLock lock = DataLock.take(data);
        try (lock; SqliteMessageQueue queue = SqliteMessageQueue.open(data.resolve("queue"), clock);
             HashChainJournal audit = HashChainJournal.open(data.resolve("audit"), clock, problem -> { })) {
            QuarantineStore store = new QuarantineStore(QuarantineStore.dirIn(data), clock);
            QuarantineEntry entry = entry(store, id);
            try (InputStream in = store.open(id)) {
                store.markReleased(QuarantineStore.digest(in));
            }
            String queueId;
            try (InputStream in = store.open(id)) {
                queueId = queue.enqueue(Envelope.of(entry.sender(), entry.recipients()), in);
            }
            store.delete(id);
            audit.record(new AuditEvent(RELEASED, AuditEvent.SUCCESS, actor, null, entry.queueId(), entry.sender(),
                    entry.recipients(), "quarantine id " + id + " released by the administrator, queued again as "
                    + queueId + " (" + entry.verdict() + ")"));
            return queueId;
        }
    }

    /** Deletes quarantined message {@code id} for good. */
    public static void delete(Path data, String id, String actor, Clock clock) throws IOException, GatewayException {
        DataLock lock = DataLock.take(data);
        try (lock; HashChainJournal audit = HashChainJournal.open(data.resolve("audit"), clock, problem -> { })) {
            QuarantineStore store = new QuarantineStore(QuarantineStore.dirIn(data), clock);
            QuarantineEntry entry = entry(store, id);
            store.delete(id);
            audit.record(new AuditEvent(DELETED, AuditEvent.SUCCESS, actor, null, entry.queueId(), entry.sender(),
                    entry.recipients(), "quarantine id " + id + " deleted by the administrator (" + entry.verdict()
                    + ")"));
        }
    }

    private static QuarantineEntry entry(QuarantineStore store, String id) throws IOException, GatewayException {
        return store.find(id).orElseThrow(() -> new GatewayException("no message " + id + " in the quarantine",
                null));
    }
}
