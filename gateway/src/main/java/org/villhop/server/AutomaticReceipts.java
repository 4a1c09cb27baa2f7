package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.villhop.delivery.OutboundMessage;
import org.villhop.delivery.RecipientOutcome;
import org.villhop.queue.BodyType;
import org.villhop.queue.Envelope;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.queue.MessageQueue;
import org.villhop.queue.Notify;
import org.villhop.pipeline.InboundStatus;
import org.villhop.policy.HeaderBlock;
import org.villhop.receipts.ComposedReply;
import org.villhop.receipts.IntegrationErrorMail;
import org.villhop.receipts.MdnComposer;
import org.villhop.receipts.MdnDecision;
import org.villhop.receipts.MdnOutcome;
import org.villhop.receipts.MdnRequest;
import org.villhop.receipts.ReceiptException;
import org.villhop.smime.SmimeVerdict;

/**
 * The automatic service mailboxes ({@code users[].automatic-receipts: true}): once a message is delivered to one of
 * their addresses, the ANS MDN {@code processed} is queued (null sender) when the message's
 * {@code Disposition-Notification-To} asks for it and {@link MdnComposer} finds it may be sent (never for a receipt;
 * a request only a person may answer is logged). A message the inbound pipeline could not open or trust is an
 * integration error ({@link #outcome}): the MDN says {@code processed/Error: 906^...}, or, when no MDN was asked for,
 * the ANS plain mail {@code [KO Intégration système !][906]} ({@link IntegrationErrorMail}) goes to the sender. The MDN is queued before the delivery is recorded, so a crash in
 * between may repeat it but never loses it. A failure to compose is logged: the delivery itself stands.
 */
final class AutomaticReceipts implements Transport {
    private final Transport next;
    private final Set<String> automaticAddresses;
    /** The ANS integration error code "Autre" (error-codes.md): none of 900–905 fits a message villhop cannot trust. */
    static final String INTEGRATION_ERROR_OTHER = "906";

    private final MdnComposer composer;
    private final IntegrationErrorMail errorMail;
    private final MessageQueue queue;
    private final String reportingUa;
    private final Path spool;
    private final Consumer<String> log;
    private final Runnable queued;

    /**
     * @param automaticAddresses lower-case addresses of automatic service mailboxes
     * @param queued             called after an MDN was queued (wakes the delivery loop)
     */
    AutomaticReceipts(Transport next, Set<String> automaticAddresses, MdnComposer composer,
                      IntegrationErrorMail errorMail, MessageQueue queue, String reportingUa, Path spool,
                      Consumer<String> log, Runnable queued) {
        this.next = next;
        this.automaticAddresses = Set.copyOf(automaticAddresses);
        this.composer = composer;
        this.errorMail = errorMail;
        this.queue = queue;
        this.reportingUa = reportingUa;
        this.spool = spool;
        this.log = log;
        this.queued = queued;
    }

    @Override
    public List<RecipientOutcome> deliver(OutboundMessage message) throws InterruptedException {
        List<RecipientOutcome> outcomes = next.deliver(message);
        List<String> services = new ArrayList<>();
        for (RecipientOutcome o : outcomes) {
            String address = o.recipient().address().toLowerCase(Locale.ROOT);
            if (o.result() == RecipientOutcome.Result.DELIVERED && automaticAddresses.contains(address)) {
                services.add(address);
            }
        }
        if (!services.isEmpty()) {
            acknowledge(message, services);
        }
        return outcomes;
    }

    private void acknowledge(OutboundMessage message, List<String> services) {
        Path file = null;
        try {
            Files.createDirectories(spool);
            file = Files.createTempFile(spool, "mdn-original-", ".eml");
            try (InputStream in = message.body().open()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            String sender = message.envelope().mailFrom();
            MdnOutcome outcome = outcome(file);
            for (String service : services) {
                MdnRequest request = new MdnRequest(file, service, reportingUa,
                        sender.isEmpty() ? Optional.empty() : Optional.of(sender), outcome);
                switch (composer.compose(request)) {
                    case MdnDecision.Send send -> enqueue(send.mdn(), service);
                    case MdnDecision.NeedsHuman human -> log.accept("automatic receipt of " + service
                            + " not sent, a person must decide: " + human.reason());
                    case MdnDecision.NotRequested none -> {
                        if (outcome.isError()) {
                            Optional<ComposedReply> mail = errorMail.compose(request);
                            if (mail.isPresent()) {
                                enqueue(mail.get(), service);
                            }
                        }
                    }
                    case MdnDecision.ReceiptNotAnswered receipt -> { }
                }
            }
        } catch (IOException | ReceiptException e) {
            log.accept("automatic receipt for " + services + " failed (the message is delivered): " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.accept("cannot delete " + file + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * What the service mailbox can say of a delivered message: {@code processed}, or the ANS error 906 ("Autre") when
     * the inbound pipeline's verdict ({@value InboundStatus#HEADER}) says the message could not be opened (no key,
     * decryption failed, malformed) or its signature cannot be trusted (altered, signer not the sender, revoked,
     * expired, unknown issuer...): its documents cannot be integrated. Unsigned mail (a policy matter, decided before
     * delivery) and mail from local users count as processed.
     */
    static MdnOutcome outcome(Path delivered) throws IOException {
        List<String> verdicts;
        try (InputStream in = Files.newInputStream(delivered)) {
            verdicts = HeaderBlock.read(in).values(InboundStatus.HEADER);
        } catch (HeaderBlock.HeaderTooLargeException e) {
            return MdnOutcome.processed();
        }
        if (verdicts.isEmpty()) {
            return MdnOutcome.processed();
        }
        String token = verdicts.getFirst().strip().split(";", 2)[0].strip();
        SmimeVerdict.Kind kind;
        try {
            kind = SmimeVerdict.Kind.valueOf(token.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return MdnOutcome.processed(); // "local", or a verdict this version does not know
        }
        if (kind == SmimeVerdict.Kind.VALID || kind == SmimeVerdict.Kind.NOT_SIGNED) {
            return MdnOutcome.processed();
        }
        return MdnOutcome.error(INTEGRATION_ERROR_OTHER, "Message illisible ou non fiable (" + kind.words() + ")");
    }

    private void enqueue(ComposedReply mdn, String service) throws IOException {
        Path file = Files.createTempFile(spool, "mdn-", ".eml");
        try (mdn) {
            try (OutputStream out = Files.newOutputStream(file)) {
                mdn.writeTo(out);
            }
            Envelope envelope = new Envelope(mdn.envelopeSender(), List.of(new EnvelopeRecipient(mdn.recipient(),
                    Set.of(Notify.NEVER), null)), null, null, BodyType.EIGHT_BIT_MIME, false, null, null, null);
            try (InputStream in = Files.newInputStream(file)) {
                String id = queue.enqueue(envelope, in);
                log.accept("automatic receipt of " + service + " queued for <" + mdn.recipient() + "> (queue id "
                        + id + ")");
            }
        } finally {
            Files.deleteIfExists(file);
        }
        queued.run();
    }
}
