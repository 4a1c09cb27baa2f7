package org.villhop.receipts;

import java.io.IOException;
import java.io.InputStream;
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
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The plain mail that carries an integration error back when the sender asked for no MDN (ANS IG "courriel MSS",
 * {@code struct-email-standard.md}): subject {@code [KO Intégration système !][code] <original subject>},
 * {@code multipart/mixed} with the explanation, the original message attached, and its XDM archive and PDF attached
 * again. Sent from the service mailbox to the original's Reply-To, else its From. Never for a receipt.
 */
public final class IntegrationErrorMail {
    private final Clock clock;
    private final Path spoolDir;
    private final Session session = Session.getInstance(new Properties());

    public IntegrationErrorMail(Clock clock, Path spoolDir) {
        this.clock = clock;
        this.spoolDir = spoolDir;
    }

    /**
     * The mail for {@code request} (whose outcome must be an error); empty when the original is a receipt or has no
     * address to answer. Sent from the service mailbox ({@link ComposedReply#envelopeSender()}).
     */
    public Optional<ComposedReply> compose(MdnRequest request) throws IOException {
        if (!request.outcome().isError()) {
            throw new IllegalArgumentException("an integration error mail needs an error outcome");
        }
        InternetHeaders headers;
        try (InputStream in = Files.newInputStream(request.original())) {
            headers = new InternetHeaders(in);
        } catch (MessagingException e) {
            throw new IOException("cannot read the header of " + request.original() + ": " + e.getMessage(), e);
        }
        if (ReceiptRule.isReceipt(headers)) {
            return Optional.empty();
        }
        String replyTo = headers.getHeader("Reply-To", ",");
        String to = replyTo != null ? replyTo : headers.getHeader("From", ",");
        if (to == null || to.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(build(request, headers, InternetAddress.parseHeader(to, false)));
        } catch (MessagingException e) {
            throw new IOException("cannot compose the integration error mail: " + e.getMessage(), e);
        }
    }

    private ComposedReply build(MdnRequest request, InternetHeaders headers, InternetAddress[] to)
            throws MessagingException, IOException {
        if (to.length == 0) {
            throw new MessagingException("no address to answer");
        }
        String id = UUID.randomUUID() + "@" + MdnComposer.domainOf(request.serviceAddress());
        MimeMessage mail = new MdnComposer.FixedIdMessage(session, id);
        mail.setFrom(new InternetAddress(request.serviceAddress()));
        mail.setRecipients(Message.RecipientType.TO, to);
        mail.setSentDate(Date.from(clock.instant()));
        mail.setSubject(MdnComposer.subject(request.outcome(), headers), "UTF-8");
        Optional<String> originalId = MessageIds.normalise(headers.getHeader("Message-ID", null));
        if (originalId.isPresent()) {
            mail.setHeader("In-Reply-To", "<" + originalId.get() + ">");
            mail.setHeader("References", "<" + originalId.get() + ">");
        }
        mail.setHeader("Auto-Submitted", "auto-replied");

        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Bonjour,\r\n\r\nLe document envoyé n'a pas pu être intégré automatiquement dans le système.\r\n"
                + "- Erreur détectée : " + request.outcome().errorLabel().orElseThrow() + "\r\n"
                + "- Code d'erreur : " + request.outcome().errorCode().orElseThrow() + "\r\n"
                + originalId.map(i -> "- Message : <" + i + ">\r\n").orElse("")
                + "\r\nVous trouverez en pièces jointes le message original et ses documents.\r\n\r\n"
                + request.serviceAddress() + "\r\n", "UTF-8");
        mixed.addBodyPart(text);
        MimeBodyPart original = new MimeBodyPart();
        original.setDataHandler(new DataHandler(new TypedFileDataSource(request.original(), "message/rfc822",
                "message_original.eml")));
        original.setDisposition(Part.ATTACHMENT);
        original.setFileName("message_original.eml");
        original.setHeader("Content-Transfer-Encoding", MdnComposer.is7bit(request.original()) ? "7bit" : "8bit");
        mixed.addBodyPart(original);
        Files.createDirectories(spoolDir);
        List<Path> spooled = new ArrayList<>();
        for (OriginalAttachments.Attachment a : OriginalAttachments.extract(request.original(), spoolDir)) {
            spooled.add(a.file());
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new TypedFileDataSource(a.file(), a.contentType(), a.fileName())));
            part.setDisposition(Part.ATTACHMENT);
            part.setFileName(a.fileName());
            part.setHeader("Content-Transfer-Encoding", "base64");
            mixed.addBodyPart(part);
        }
        mail.setContent(mixed);
        mail.saveChanges();
        return new ComposedReply(request.serviceAddress(), to[0].getAddress(), id, mail, spooled);
    }
}
