package org.villhop.receipts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
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
        InternetHeaders headers;
        try (InputStream in = Files.newInputStream(request.original())) {
            headers = new InternetHeaders(in);
        } catch (MessagingException e) {
            throw new IOException("cannot read the header of " + request.original() + ": " + e.getMessage(), e);
        }
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
        String mdnId = UUID.randomUUID() + "@" + domainOf(request.serviceAddress());
        MimeMessage mdn = new FixedIdMessage(session, mdnId);
        mdn.setFrom(new InternetAddress(request.serviceAddress()));
        mdn.setRecipient(jakarta.mail.Message.RecipientType.TO, to);
        mdn.setSentDate(Date.from(clock.instant()));
        mdn.setSubject(subject(request.outcome(), headers), "UTF-8");
        mdn.setHeader("In-Reply-To", "<" + originalId + ">");
        mdn.setHeader("References", "<" + originalId + ">");
        mdn.setHeader("Auto-Submitted", "auto-replied");

        MimeMultipart report = new ReportMultipart();
        MimeBodyPart human = new MimeBodyPart();
        human.setText(humanText(request, originalId), "UTF-8");
        report.addBodyPart(human);
        report.addBodyPart(dispositionPart(request, headers, originalId));
        MimeBodyPart original = new MimeBodyPart();
        original.setDataHandler(new DataHandler(new TypedFileDataSource(request.original(), "message/rfc822",
                "original.eml")));
        original.setHeader("Content-Transfer-Encoding", is7bit(request.original()) ? "7bit" : "8bit");
        report.addBodyPart(original);
        List<Path> spooled = new ArrayList<>();
        if (request.outcome().isError()) {
            Files.createDirectories(spoolDir);
            for (OriginalAttachments.Attachment a : OriginalAttachments.extract(request.original(), spoolDir)) {
                spooled.add(a.file());
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new TypedFileDataSource(a.file(), a.contentType(), a.fileName())));
                part.setDisposition(Part.ATTACHMENT);
                part.setFileName(a.fileName());
                part.setHeader("Content-Transfer-Encoding", "base64");
                report.addBodyPart(part);
            }
        }
        mdn.setContent(report);
        mdn.saveChanges();
        return new ComposedReply("", to.getAddress(), mdnId, mdn, spooled);
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

    static boolean is7bit(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] < 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "villhop.invalid" : address.substring(at + 1);
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

    /** A message whose Message-ID is chosen here (jakarta.mail would replace it on saveChanges). */
    static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + id + ">");
        }
    }
}
