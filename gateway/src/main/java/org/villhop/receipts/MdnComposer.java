package org.villhop.receipts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Builds the ANS MDN of an automatic service mailbox (ANS IG "courriel MSS", MDN structure; RFC 8098, RFC 6522):
 * {@code multipart/report; report-type=disposition-notification} with a human-readable part, the
 * {@code message/disposition-notification} part (Reporting-UA, Original-Recipient, Final-Recipient, Original-Message-ID,
 * Disposition) and the original message; on an error, the subject is prefixed {@code [KO Intégration système !][code] }
 * and the original's XDM archive and PDF are attached again. Sent only when the original asks
 * (Disposition-Notification-To) and the address equals its Return-Path; never for a receipt.
 */
public final class MdnComposer {
    static final String ERROR_SUBJECT_PREFIX = "[KO Intégration système !]";

    private final Clock clock;
    private final Path spoolDir;
    private final Session session = Session.getInstance(new Properties());

    /** {@code spoolDir} receives the re-attached documents until the composed MDN is closed. */
    public MdnComposer(Clock clock, Path spoolDir) {
        this.clock = clock;
        this.spoolDir = spoolDir;
    }

    public MdnDecision compose(MdnRequest request) throws IOException {
        InternetHeaders headers = ReplyMime.readHeader(request.original());
        if (ReceiptRule.isReceipt(headers)) {
            return new MdnDecision.ReceiptNotAnswered();
        }
        String dnt = headers.getHeader("Disposition-Notification-To", ",");
        if (dnt == null || dnt.isBlank()) {
            return new MdnDecision.NotRequested();
        }
        Optional<String> refusal = MdnPolicy.refusal(dnt, request.returnPath()
                .or(() -> Optional.ofNullable(headers.getHeader("Return-Path", null))),
                headers.getHeader("Disposition-Notification-Options", ";"));
        if (refusal.isPresent()) {
            return new MdnDecision.NeedsHuman(refusal.get());
        }
        String originalId = MessageIds.normalise(headers.getHeader("Message-ID", null)).orElse(null);
        if (originalId == null) {
            return new MdnDecision.NeedsHuman("the message has no Message-ID: an MDN could not be matched to it");
        }
        try {
            return new MdnDecision.Send(build(request, headers, MdnPolicy.single(dnt), originalId));
        } catch (MessagingException e) {
            throw new IOException("cannot compose the MDN for <" + originalId + ">: " + e.getMessage(), e);
        }
    }

    private ComposedReply build(MdnRequest request, InternetHeaders headers, InternetAddress to, String originalId)
            throws MessagingException, IOException {
        ReplyMime.Reply mdn = ReplyMime.start(session, clock, request.serviceAddress(), new InternetAddress[] {to},
                subject(request.outcome(), headers), Optional.of(originalId));
        MimeMultipart report = new ReportMultipart();
        MimeBodyPart human = new MimeBodyPart();
        human.setText(humanText(request, originalId), "UTF-8");
        report.addBodyPart(human);
        report.addBodyPart(dispositionPart(request, headers, originalId));
        report.addBodyPart(ReplyMime.original(request.original(), "original.eml", false));
        List<Path> spooled = request.outcome().isError()
                ? ReplyMime.attachDocuments(report, request.original(), spoolDir) : List.of();
        mdn.message().setContent(report);
        mdn.message().saveChanges();
        return new ComposedReply("", to.getAddress(), mdn.id(), mdn.message(), spooled);
    }

    static String subject(MdnOutcome outcome, InternetHeaders headers) {
        String raw = headers.getHeader("Subject", null);
        String original;
        try {
            original = raw == null ? "" : MimeUtility.decodeText(MimeUtility.unfold(raw)).strip();
        } catch (java.io.UnsupportedEncodingException e) {
            original = MimeUtility.unfold(raw).strip();
        }
        return outcome.errorCode().map(c -> ERROR_SUBJECT_PREFIX + "[" + c + "] ").orElse("") + original;
    }

    private static String humanText(MdnRequest request, String originalId) {
        MdnOutcome o = request.outcome();
        if (o.isError()) {
            return "Le message ci-dessous n'a pas pu être intégré automatiquement dans le DPI pour la raison suivante : "
                    + o.errorLabel().orElseThrow() + "\r\nCode d'erreur : " + o.errorCode().orElseThrow()
                    + "\r\nMessage : <" + originalId + ">\r\nBoîte de service : " + request.serviceAddress() + "\r\n";
        }
        return "Le message <" + originalId + "> a été intégré automatiquement par la boîte de service "
                + request.serviceAddress() + ".\r\n";
    }

    private static MimeBodyPart dispositionPart(MdnRequest request, InternetHeaders headers, String originalId)
            throws MessagingException {
        StringBuilder f = new StringBuilder();
        f.append("Reporting-UA: ").append(request.reportingUa()).append("\r\n");
        String originalRecipient = headers.getHeader("Original-Recipient", null);
        if (originalRecipient != null && !originalRecipient.isBlank()) {
            f.append("Original-Recipient: ").append(MimeUtility.unfold(originalRecipient).strip()).append("\r\n");
        }
        f.append("Final-Recipient: rfc822;").append(request.serviceAddress()).append("\r\n");
        f.append("Original-Message-ID: <").append(originalId).append(">\r\n");
        f.append("Disposition: ").append(request.outcome().disposition()).append("\r\n");
        byte[] bytes = f.toString().getBytes(StandardCharsets.UTF_8);
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, "message/disposition-notification")));
        part.setHeader("Content-Transfer-Encoding", f.chars().allMatch(c -> c < 128) ? "7bit" : "8bit");
        return part;
    }

    /** {@code multipart/report; report-type=disposition-notification}. */
    private static final class ReportMultipart extends MimeMultipart {
        ReportMultipart() throws MessagingException {
            super("report");
            ContentType type = new ContentType(contentType);
            type.setParameter("report-type", "disposition-notification");
            contentType = type.toString();
        }
    }
}
