package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.villhop.audit.AuditEvent;
import org.villhop.audit.AuditJournal;
import org.villhop.delivery.Dsn;
import org.villhop.delivery.DsnComposer;
import org.villhop.delivery.DsnKind;
import org.villhop.delivery.Notify;
import org.villhop.delivery.OriginalMessage;
import org.villhop.delivery.RecipientOutcome;
import org.villhop.delivery.RetrySchedule;
import org.villhop.policy.HeaderBlock;
import org.villhop.queue.MessageQueue;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.RecipientState;
import org.villhop.receipts.ReceiptRule;

/**
 * Turns the outcomes of one attempt into queue state, DSNs and audit events. Deliveries are recorded the moment the
 * transport returns ({@link #markDelivered}: one line in the {@link SentLog}, then one commit for the recipients of
 * one transaction, before any other work), which leaves as the only window for a duplicate after a crash the time
 * between the next hop's {@code 250} and that line (RFC 1047); recipients that asked for a success DSN keep the
 * DSN-first order below.
 *
 * <p>Deferred recipients get their next attempt from the {@link RetrySchedule} (or fail when it gives up); a failure
 * DSN reports failed recipients, a delay DSN is sent once, when an attempt first falls after the delay-notice point,
 * and a success DSN goes to recipients that asked NOTIFY=SUCCESS. DSNs are queued as new messages (null sender)
 * before the states are written, so a crash in between can repeat a DSN but never lose one.
 */
final class OutcomeRecorder {
    /**
     * A recipient's state before the attempt, what the attempt did, the pipeline's notes, and whether the outcome is
     * already in the queue ({@link #markDelivered}).
     */
    record Attempt(RecipientState before, RecipientOutcome outcome, List<String> notes, boolean marked) {
        Attempt(RecipientState before, RecipientOutcome outcome, List<String> notes) {
            this(before, outcome, notes, false);
        }
    }

    private final MessageQueue queue;
    private final RetrySchedule schedule;
    private final DsnComposer dsns;
    private final AuditJournal audit;
    private final Path spool;
    private final Clock clock;
    private final SentTracking tracking;
    private final SentLog sentLog;

    OutcomeRecorder(MessageQueue queue, RetrySchedule schedule, DsnComposer dsns, AuditJournal audit, Path spool,
                    Clock clock, SentTracking tracking) {
        this(queue, schedule, dsns, audit, spool, clock, tracking, null);
    }

    /** @param sentLog where deliveries are logged before the queue commits them, or null */
    OutcomeRecorder(MessageQueue queue, RetrySchedule schedule, DsnComposer dsns, AuditJournal audit, Path spool,
                    Clock clock, SentTracking tracking, SentLog sentLog) {
        this.sentLog = sentLog;
        this.queue = queue;
        this.tracking = tracking;
        this.schedule = schedule;
        this.dsns = dsns;
        this.audit = audit;
        this.spool = spool;
        this.clock = clock;
    }

    /**
     * Right after a transport returned: records its delivered recipients as sent, in one commit, and returns the
     * attempts with those marked. Recipients that asked NOTIFY=SUCCESS (and did not pass the request on) are left to
     * {@link #record}, which queues their DSN before marking them, so that a crash repeats a delivery rather than
     * lose the DSN.
     */
    List<Attempt> markDelivered(QueuedMessage message, List<Attempt> attempts) throws IOException {
        Map<Integer, String> replies = new LinkedHashMap<>();
        List<Attempt> result = new ArrayList<>();
        for (Attempt a : attempts) {
            RecipientOutcome o = a.outcome();
            boolean now = !a.marked() && o.result() == RecipientOutcome.Result.DELIVERED
                    && (o.dsnPassedOn() || !o.recipient().wants(Notify.SUCCESS));
            if (now) {
                replies.put(a.before().index(), o.status() + " " + o.detail());
            }
            result.add(now ? new Attempt(a.before(), o, a.notes(), true) : a);
        }
        if (!replies.isEmpty() && sentLog != null) {
            sentLog.record(message.id(), replies, () -> queue.markSent(message.id(), replies));
        } else if (!replies.isEmpty()) {
            queue.markSent(message.id(), replies);
        }
        return result;
    }

    void record(QueuedMessage message, List<Attempt> attempts) throws IOException {
        Instant now = clock.instant();
        Instant first = message.received();
        List<RecipientOutcome> delivered = new ArrayList<>();
        List<RecipientOutcome> failed = new ArrayList<>();
        List<RecipientOutcome> delayed = new ArrayList<>();
        List<IoAction> marks = new ArrayList<>();
        List<Attempt> retried = new ArrayList<>();
        for (Attempt a : attempts) {
            RecipientOutcome o = a.outcome();
            int index = a.before().index();
            String reply = o.status() + " " + o.detail();
            switch (o.result()) {
                case DELIVERED -> {
                    delivered.add(o);
                    if (!a.marked()) {
                        marks.add(() -> queue.markSent(message.id(), index, reply));
                    }
                }
                case FAILED -> {
                    failed.add(o);
                    marks.add(() -> queue.markBounced(message.id(), index, reply));
                }
                case DEFERRED -> {
                    RetrySchedule.Decision decision = schedule.afterFailedAttempt(a.before().attempts() + 1, first,
                            now);
                    if (decision instanceof RetrySchedule.Decision.RetryAt at) {
                        retried.add(a);
                        if (!schedule.delayNoticeDue(first, a.before().updated()) && schedule.delayNoticeDue(first, now)) {
                            delayed.add(o);
                        }
                        marks.add(() -> queue.markDeferred(message.id(), index, reply, at.when()));
                    } else {
                        String reason = reply + "; " + ((RetrySchedule.Decision.GiveUp) decision).reason();
                        failed.add(new RecipientOutcome(o.recipient(), o.result(), o.status(), o.detail() + "; "
                                + ((RetrySchedule.Decision.GiveUp) decision).reason(), o.remoteMta(), o.reply(),
                                o.dsnPassedOn(), o.attemptedAt()));
                        marks.add(() -> queue.markBounced(message.id(), index, reason));
                    }
                }
            }
        }
        HeaderBlock headers = headers(message);
        if (headers == null || !ReceiptRule.isReceipt(name -> firstValue(headers, name))) {
            OriginalMessage original = new OriginalMessage(Envelopes.forDelivery(message.envelope(),
                    message.envelope().recipients()), message.received(), () -> queue.openBody(message.id()));
            enqueue(dsns.compose(DsnKind.FAILURE, original, failed, null));
            enqueue(dsns.compose(DsnKind.DELAY, original, delayed, schedule.retryUntil(first)));
            enqueue(dsns.compose(DsnKind.SUCCESS, original, delivered, null));
        }
        for (IoAction mark : marks) {
            mark.run();
        }
        Optional<String> headerId = Optional.ofNullable(headers == null ? null : firstValue(headers, "Message-ID"));
        tracking.record(message, headerId, delivered, failed, retried.stream().map(Attempt::outcome).toList());
        String messageId = headerId.orElse(message.id());
        audit(AuditEvent.MESSAGE_DELIVERED, AuditEvent.SUCCESS, message, messageId, delivered, attempts);
        audit(AuditEvent.MESSAGE_DEFERRED, AuditEvent.FAILURE, message, messageId,
                retried.stream().map(Attempt::outcome).toList(), attempts);
        audit(AuditEvent.MESSAGE_BOUNCED, AuditEvent.FAILURE, message, messageId, failed, attempts);
    }

    /**
     * Gives up on every recipient of {@code message} not yet final, for {@code reason}: the same path as when the
     * retry schedule gives up (failure DSN per NOTIFY, none for a null sender; states; audit). Returns the addresses
     * bounced.
     */
    List<String> bounce(QueuedMessage message, String reason) throws IOException {
        List<Attempt> attempts = message.recipients().stream().filter(r -> !r.status().isFinal())
                .map(r -> new Attempt(r, new RecipientOutcome(Envelopes.recipient(r.recipient()),
                        RecipientOutcome.Result.FAILED, "5.0.0", reason, null, null, false, clock.instant()),
                        List.of("bounced by the administrator")))
                .toList();
        record(message, attempts);
        return attempts.stream().map(a -> a.before().recipient().address()).toList();
    }

    private void enqueue(Optional<Dsn> dsn) throws IOException {
        if (dsn.isEmpty()) {
            return;
        }
        Files.createDirectories(spool);
        Path file = Files.createTempFile(spool, "dsn-", ".eml");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                dsn.get().writeTo(out);
            }
            try (InputStream in = Files.newInputStream(file)) {
                queue.enqueue(Envelopes.forDsn(dsn.get().envelope()), in);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void audit(String action, String outcome, QueuedMessage message, String messageId,
                       List<RecipientOutcome> outcomes, List<Attempt> attempts) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<String> details = new ArrayList<>();
        for (RecipientOutcome o : outcomes) {
            details.add("<" + o.recipient().address() + "> " + o.status() + " " + o.detail()
                    + (o.remoteMta() == null ? "" : " (" + o.remoteMta() + ")"));
        }
        List<String> notes = attempts.stream().filter(a -> outcomes.stream()
                .anyMatch(o -> o.recipient().equals(a.outcome().recipient()))).flatMap(a -> a.notes().stream())
                .distinct().toList();
        String remote = outcomes.stream().map(RecipientOutcome::remoteMta).filter(r -> r != null).findFirst()
                .orElse(null);
        audit.record(new AuditEvent(action, outcome, "delivery", remote, messageId, message.envelope().sender(),
                outcomes.stream().map(o -> o.recipient().address()).toList(),
                "queue id " + message.id() + ": " + String.join("; ", details)
                        + (notes.isEmpty() ? "" : " [" + String.join(", ", notes) + "]")));
    }

    /**
     * The header of the queued message, or null when unreadable. A receipt (DSN, MDN, auto-reply, null Return-Path)
     * is never answered with a DSN, whatever its envelope sender.
     */
    private HeaderBlock headers(QueuedMessage message) {
        try (InputStream in = queue.openBody(message.id())) {
            return HeaderBlock.read(in);
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstValue(HeaderBlock headers, String name) {
        List<String> values = headers.values(name);
        return values.isEmpty() ? null : values.getFirst().strip();
    }

    private interface IoAction {
        void run() throws IOException;
    }
}
