package org.villhop.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.villhop.audit.AuditEvent;
import org.villhop.audit.HashChainJournal;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.SqliteMessageQueue;

/**
 * {@code villhop queue delete}: the administrator removes a queued message without delivering it or sending a DSN.
 * Like {@link AdministrativeBounce} it takes the data directory's lock, so it refuses to run beside a gateway (whose
 * scheduler may be delivering the message), and it leaves a trace: one {@value #DELETED} audit event naming the
 * administrator and the recipients that were still pending.
 */
public final class AdministrativeDelete {
    /** The audit action. */
    public static final String DELETED = "message.deleted";

    /** What was deleted: the recipients not yet final when it was. */
    public record Result(String id, List<String> pending) {
    }

    private AdministrativeDelete() {
    }

    /**
     * Deletes queue message {@code id} of the data directory {@code data}.
     *
     * @param actor who deletes, for the audit journal (for example {@code admin:root})
     * @throws GatewayException when a gateway runs on {@code data} or there is no such message
     */
    public static Result delete(Path data, String id, String actor, Clock clock) throws IOException, GatewayException {
        DataLock lock = DataLock.take(data);
        try (lock; SqliteMessageQueue queue = SqliteMessageQueue.open(data.resolve("queue"), clock);
             HashChainJournal audit = HashChainJournal.open(data.resolve("audit"), clock, problem -> { })) {
            QueuedMessage message = queue.find(id).orElseThrow(() -> new GatewayException("no message " + id
                    + " in the queue", null));
            List<String> pending = message.recipients().stream().filter(r -> !r.status().isFinal())
                    .map(r -> r.recipient().address()).toList();
            queue.delete(id);
            audit.record(new AuditEvent(DELETED, AuditEvent.SUCCESS, actor, null, id, message.envelope().sender(),
                    pending, "queue id " + id + " deleted by the administrator without delivery or DSN ("
                    + pending.size() + " of " + message.recipients().size() + " recipient(s) pending)"));
            return new Result(id, pending);
        }
    }
}
