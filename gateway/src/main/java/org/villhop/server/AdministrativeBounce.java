package org.villhop.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.villhop.audit.HashChainJournal;
import org.villhop.delivery.DsnComposer;
import org.villhop.delivery.RetrySchedule;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.SqliteMessageQueue;
import org.villhop.receipts.TrackingStore;

/**
 * {@code villhop queue bounce}: the administrator gives up on a queued message. Every recipient not yet final is
 * bounced with the administrator's reason through the scheduler's own give-up path ({@link OutcomeRecorder}): the
 * failure DSN (honouring NOTIFY, none for a null sender) is queued with a null sender, the states and the audit
 * journal are written, and the message is released (removed, as every recipient is then final). Deliveries a crash left
 * only in the {@link SentLog} are recorded first, so a delivered recipient is never bounced. It takes the data
 * directory's lock, so it refuses to run beside a gateway (whose scheduler may hold the message and whose journal
 * must have one writer).
 */
public final class AdministrativeBounce {
    /** What was done: the recipients bounced (empty when all were already final). */
    public record Result(String id, List<String> bounced) {
    }

    private AdministrativeBounce() {
    }

    /**
     * Bounces queue message {@code id} of the data directory {@code data}.
     *
     * @param reportingMta the gateway's host name (the DSN's Reporting-MTA)
     * @throws GatewayException when a gateway runs on {@code data} or there is no such message
     */
    public static Result bounce(Path data, String reportingMta, String id, String reason, Clock clock)
            throws IOException, GatewayException {
        DataLock lock = DataLock.take(data);
        try (lock; SqliteMessageQueue queue = SqliteMessageQueue.open(data.resolve("queue"), clock);
             HashChainJournal audit = HashChainJournal.open(data.resolve("audit"), clock, problem -> { });
             TrackingStore tracking = TrackingStore.open(TrackingStore.fileIn(data), clock);
             SentLog sentLog = SentLog.open(data.resolve("queue"))) {
            sentLog.replay(queue, audit);
            QueuedMessage message = queue.find(id).orElseThrow(() -> new GatewayException("no message " + id
                    + " in the queue", null));
            OutcomeRecorder recorder = new OutcomeRecorder(queue, RetrySchedule.standard(),
                    new DsnComposer(reportingMta, clock), audit, data.resolve("tmp"), clock,
                    new SentTracking(tracking, problem -> { }));
            List<String> bounced = recorder.bounce(message, reason);
            queue.release(id);
            return new Result(id, bounced);
        }
    }
}
