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
import org.villhop.receipts.ComposedReply;
import org.villhop.receipts.MdnComposer;
import org.villhop.receipts.MdnDecision;
import org.villhop.receipts.MdnOutcome;
import org.villhop.receipts.MdnRequest;
import org.villhop.receipts.ReceiptException;

/**
 * The automatic service mailboxes ({@code users[].automatic-receipts: true}): once a message is delivered to one of
 * their addresses, the ANS MDN {@code processed} is queued (null sender) when the message's
 * {@code Disposition-Notification-To} asks for it and {@link MdnComposer} finds it may be sent (never for a receipt;
 * a request only a person may answer is logged). The MDN is queued before the delivery is recorded, so a crash in
 * between may repeat it but never loses it. A failure to compose is logged: the delivery itself stands.
 */
final class AutomaticReceipts implements Transport {
    private final Transport next;
    private final Set<String> automaticAddresses;
    private final MdnComposer composer;
    private final MessageQueue queue;
    private final String reportingUa;
    private final Path spool;
    private final Consumer<String> log;
    private final Runnable queued;

    /**
     * @param automaticAddresses lower-case addresses of automatic service mailboxes
     * @param queued             called after an MDN was queued (wakes the delivery loop)
     */
    AutomaticReceipts(Transport next, Set<String> automaticAddresses, MdnComposer composer, MessageQueue queue,
                      String reportingUa, Path spool, Consumer<String> log, Runnable queued) {
        this.next = next;
        this.automaticAddresses = Set.copyOf(automaticAddresses);
        this.composer = composer;
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
            for (String service : services) {
                MdnRequest request = new MdnRequest(file, service, reportingUa,
                        sender.isEmpty() ? Optional.empty() : Optional.of(sender), MdnOutcome.processed());
                switch (composer.compose(request)) {
                    case MdnDecision.Send send -> enqueue(send.mdn(), service);
                    case MdnDecision.NeedsHuman human -> log.accept("automatic receipt of " + service
                            + " not sent, a person must decide: " + human.reason());
                    case MdnDecision.NotRequested none -> { }
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
