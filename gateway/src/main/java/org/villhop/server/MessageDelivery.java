package org.villhop.server;

import java.io.IOException;
import org.villhop.policy.HeaderBlock;
import java.util.Set;
import java.util.LinkedHashSet;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.villhop.delivery.OutboundMessage;
import org.villhop.delivery.RecipientOutcome;
import org.villhop.pipeline.MessageContext;
import org.villhop.pipeline.Pipeline;
import org.villhop.pipeline.PreparedMessage;
import org.villhop.pipeline.Refusal;
import org.villhop.queue.Envelope;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.queue.MessageQueue;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.RecipientState;

/**
 * One delivery attempt of one claimed message: its due recipients are split into local ones (inbound pipeline, then
 * the local transport) and remote ones (outbound pipeline, then the delivery agent); the outcomes go to the
 * {@link OutcomeRecorder}, deliveries the moment the transport returns. The message as submitted is first copied to
 * its submitter's Sent folder ({@link SubmissionSentCopy}). A local failure (unreadable spool, full disk) defers the
 * recipients concerned, except those already recorded as delivered.
 */
final class MessageDelivery {
    /**
     * One leg: which recipients, in which groups (one pipeline run and one content per group), through which
     * pipeline, to which transport.
     */
    record Leg(String name, Predicate<String> takes, Function<String, String> group, Pipeline pipeline,
               Transport transport) {
    }

    private final MessageQueue queue;
    private final List<Leg> legs;
    private final OutcomeRecorder recorder;
    private final SubmissionSentCopy sentCopy;
    private final Clock clock;
    private final QuarantineHold quarantine;

    /** @param quarantine where messages the pipeline flags are held, or null to deliver them all */
    MessageDelivery(MessageQueue queue, List<Leg> legs, OutcomeRecorder recorder, SubmissionSentCopy sentCopy,
                    Clock clock, QuarantineHold quarantine) {
        this.queue = queue;
        this.legs = List.copyOf(legs);
        this.recorder = recorder;
        this.sentCopy = sentCopy;
        this.clock = clock;
        this.quarantine = quarantine;
    }

    /** Makes the submitter's Sent copy, attempts the due recipients of {@code message} and records every outcome. */
    void attempt(QueuedMessage message) throws IOException, InterruptedException {
        sentCopy.store(message);
        Instant now = clock.instant();
        List<RecipientState> due = message.dueRecipients(now);
        List<OutcomeRecorder.Attempt> attempts = new ArrayList<>();
        List<RecipientState> left = new ArrayList<>(due);
        Set<String> senderNotices = new LinkedHashSet<>();
        for (Leg leg : legs) {
            List<RecipientState> mine = left.stream().filter(r -> leg.takes().test(r.recipient().address())).toList();
            left.removeAll(mine);
            Map<String, List<RecipientState>> groups = new LinkedHashMap<>();
            for (RecipientState r : mine) {
                groups.computeIfAbsent(leg.group().apply(r.recipient().address()), g -> new ArrayList<>()).add(r);
            }
            for (List<RecipientState> group : groups.values()) {
                attempts.addAll(run(message, leg, group, senderNotices));
            }
        }
        queueSenderNotice(message, due, senderNotices);
        recorder.record(message, attempts);
    }

    private List<OutcomeRecorder.Attempt> run(QueuedMessage message, Leg leg, List<RecipientState> recipients,
                                              Set<String> senderNotices) throws InterruptedException {
        List<EnvelopeRecipient> envelopeRecipients = recipients.stream().map(RecipientState::recipient).toList();
        var envelope = Envelopes.forDelivery(message.envelope(), envelopeRecipients);
        MessageContext context = new MessageContext(message.envelope().sender(),
                message.envelope().authenticatedUser(), envelopeRecipients.stream().map(EnvelopeRecipient::address).toList());
        List<OutcomeRecorder.Attempt> attempts = new ArrayList<>();
        try (PreparedMessage prepared = leg.pipeline().run(context, () -> openBody(message), message.size())) {
            queueAddedRecipients(message, recipients, context);
            senderNotices.addAll(context.senderNotices());
            List<RecipientState> accepted = new ArrayList<>();
            for (int i = 0; i < recipients.size(); i++) {
                Refusal refusal = context.refusal(recipients.get(i).recipient().address());
                if (refusal == null) {
                    accepted.add(recipients.get(i));
                } else {
                    attempts.add(new OutcomeRecorder.Attempt(recipients.get(i), new RecipientOutcome(
                            envelope.recipients().get(i), RecipientOutcome.Result.FAILED, refusal.status(),
                            refusal.detail(), null, null, false, clock.instant()), context.notes()));
                }
            }
            var subset = accepted.isEmpty() ? null : Envelopes.forDelivery(message.envelope(),
                    accepted.stream().map(RecipientState::recipient).toList());
            List<OutcomeRecorder.Attempt> held = subset == null ? null : holdInQuarantine(message, accepted, subset,
                    context);
            if (held != null) {
                attempts.addAll(recorder.markDelivered(message, held));
            } else if (subset != null) {
                List<RecipientOutcome> outcomes = leg.transport().deliver(
                        new OutboundMessage(subset, prepared.content(), prepared.size()));
                List<OutcomeRecorder.Attempt> delivered = new ArrayList<>();
                for (int i = 0; i < accepted.size(); i++) {
                    delivered.add(new OutcomeRecorder.Attempt(accepted.get(i), outcomes.get(i), context.notes()));
                }
                attempts.addAll(recorder.markDelivered(message, delivered));
            }
        } catch (IOException | RuntimeException e) {
            String detail = leg.name() + " pipeline failed locally: " + e.getMessage();
            attempts.removeIf(a -> !a.marked());
            for (int i = 0; i < recipients.size(); i++) {
                int index = recipients.get(i).index();
                if (attempts.stream().noneMatch(a -> a.before().index() == index)) {
                    attempts.add(new OutcomeRecorder.Attempt(recipients.get(i), new RecipientOutcome(
                            envelope.recipients().get(i), RecipientOutcome.Result.DEFERRED, "4.3.0", detail, null,
                            null, false, clock.instant()), List.of()));
                }
            }
        }
        return attempts;
    }

    /**
     * When the pipeline flagged the message and a quarantine is configured: holds it there for {@code accepted}, whose
     * outcome is "delivered into the quarantine" (final: the administrator releases or deletes it). Null when the
     * message is to be delivered (not flagged, or released by the administrator).
     */
    private List<OutcomeRecorder.Attempt> holdInQuarantine(QueuedMessage message, List<RecipientState> accepted,
            org.villhop.delivery.Envelope subset, MessageContext context) throws IOException {
        if (quarantine == null || context.quarantineReason() == null) {
            return null;
        }
        var entry = quarantine.hold(message, accepted.stream().map(r -> r.recipient().address()).toList(),
                context.quarantineReason(), () -> openBody(message));
        if (entry == null) {
            return null;
        }
        List<OutcomeRecorder.Attempt> held = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            held.add(new OutcomeRecorder.Attempt(accepted.get(i), new RecipientOutcome(subset.recipients().get(i),
                    RecipientOutcome.Result.DELIVERED, "2.0.0", "held in quarantine as " + entry.id() + " ("
                    + context.quarantineReason() + ")", null, null, false, clock.instant()), context.notes()));
        }
        return held;
    }

    /**
     * Recipients a stage added (the patient's copy of a discharge pack) get their own copy of the submitted message,
     * queued on the first attempt only (a retry composes again but adds no second copy); the copy goes through the
     * pipeline like any message. Recipients already in the envelope are not added again.
     */
    private void queueAddedRecipients(QueuedMessage message, List<RecipientState> recipients, MessageContext context)
            throws IOException {
        List<String> inEnvelope = message.envelope().recipients().stream()
                .map(r -> r.address().toLowerCase(Locale.ROOT)).toList();
        List<String> added = context.addedRecipients().stream()
                .filter(a -> !inEnvelope.contains(a.toLowerCase(Locale.ROOT))).toList();
        if (added.isEmpty() || recipients.stream().anyMatch(r -> r.attempts() > 0)) {
            return;
        }
        Envelope original = message.envelope();
        Envelope copy = new Envelope(original.sender(), added.stream().map(EnvelopeRecipient::of).toList(), null,
                original.dsnReturn(), original.bodyType(), original.smtpUtf8(), original.authenticatedUser(),
                original.remoteAddress(), original.heloName());
        try (InputStream body = openBody(message)) {
            queue.enqueue(copy, body);
        }
        context.note("copy queued for " + String.join(", ", added));
    }

    /**
     * What the stages asked to tell the sender goes to the sender as one notice, on the first attempt only, and never
     * to the null sender.
     */
    private void queueSenderNotice(QueuedMessage message, List<RecipientState> due, Set<String> notices)
            throws IOException {
        String sender = message.envelope().sender();
        if (notices.isEmpty() || sender.isEmpty() || due.stream().anyMatch(r -> r.attempts() > 0)) {
            return;
        }
        String messageId;
        try (InputStream body = openBody(message)) {
            List<String> ids = HeaderBlock.read(body).values("Message-ID");
            messageId = ids.isEmpty() ? null : ids.getFirst().trim();
        } catch (HeaderBlock.HeaderTooLargeException e) {
            messageId = null;
        }
        Envelope notice = Envelope.of("", List.of(sender));
        try (InputStream body = SenderNotice.compose(sender, messageId, List.copyOf(notices), clock)) {
            queue.enqueue(notice, body);
        }
    }

    private InputStream openBody(QueuedMessage message) throws IOException {
        return queue.openBody(message.id());
    }
}
