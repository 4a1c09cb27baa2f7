package org.villhop.receipts;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
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
        InternetHeaders headers = ReplyMime.readHeader(request.original());
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
        Optional<String> originalId = MessageIds.normalise(headers.getHeader("Message-ID", null));
        ReplyMime.Reply mail = ReplyMime.start(session, clock, request.serviceAddress(), to,
                MdnComposer.subject(request.outcome(), headers), originalId);

        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Bonjour,\r\n\r\nLe document envoyé n'a pas pu être intégré automatiquement dans le système.\r\n"
                + "- Erreur détectée : " + request.outcome().errorLabel().orElseThrow() + "\r\n"
                + "- Code d'erreur : " + request.outcome().errorCode().orElseThrow() + "\r\n"
                + originalId.map(i -> "- Message : <" + i + ">\r\n").orElse("")
                + "\r\nVous trouverez en pièces jointes le message original et ses documents.\r\n\r\n"
                + request.serviceAddress() + "\r\n", "UTF-8");
        mixed.addBodyPart(text);
        mixed.addBodyPart(ReplyMime.original(request.original(), "message_original.eml", true));
        List<Path> spooled = ReplyMime.attachDocuments(mixed, request.original(), spoolDir);
        mail.message().setContent(mixed);
        mail.message().saveChanges();
        return new ComposedReply(request.serviceAddress(), to[0].getAddress(), mail.id(), mail.message(), spooled);
    }
}
