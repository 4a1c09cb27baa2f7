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
 * The MIME pieces the service mailbox's two answers share ({@link MdnComposer}'s MDN and {@link IntegrationErrorMail}):
 * the original's header, the answer's header (its own Message-ID in the service's domain, threaded to the original,
 * {@code Auto-Submitted: auto-replied}), the original attached as {@code message/rfc822}, and its XDM archive and PDF
 * attached again (spooled until the answer is closed).
 */
final class ReplyMime {
    private ReplyMime() {
    }

    /** An answer being built, with the Message-ID it will carry. */
    record Reply(MimeMessage message, String id) {
    }

    static InternetHeaders readHeader(Path original) throws IOException {
        try (InputStream in = Files.newInputStream(original)) {
            return new InternetHeaders(in);
        } catch (MessagingException e) {
            throw new IOException("cannot read the header of " + original + ": " + e.getMessage(), e);
        }
    }

    /** From the service address to {@code to}, dated now, threaded to the original when it has a Message-ID. */
    static Reply start(Session session, Clock clock, String serviceAddress, InternetAddress[] to, String subject,
                       Optional<String> originalId) throws MessagingException {
        String id = UUID.randomUUID() + "@" + domainOf(serviceAddress);
        MimeMessage message = new FixedIdMessage(session, id);
        message.setFrom(new InternetAddress(serviceAddress));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSentDate(Date.from(clock.instant()));
        message.setSubject(subject, "UTF-8");
        if (originalId.isPresent()) {
            message.setHeader("In-Reply-To", "<" + originalId.get() + ">");
            message.setHeader("References", "<" + originalId.get() + ">");
        }
        message.setHeader("Auto-Submitted", "auto-replied");
        return new Reply(message, id);
    }

    /** The original message as a {@code message/rfc822} part, an attachment when {@code attachment} is true. */
    static MimeBodyPart original(Path original, String fileName, boolean attachment)
            throws MessagingException, IOException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new TypedFileDataSource(original, "message/rfc822", fileName)));
        if (attachment) {
            part.setDisposition(Part.ATTACHMENT);
            part.setFileName(fileName);
        }
        part.setHeader("Content-Transfer-Encoding", is7bit(original) ? "7bit" : "8bit");
        return part;
    }

    /** Adds the original's XDM archive and PDF to {@code multipart}; returns the spool files holding them. */
    static List<Path> attachDocuments(MimeMultipart multipart, Path original, Path spoolDir)
            throws MessagingException, IOException {
        Files.createDirectories(spoolDir);
        List<Path> spooled = new ArrayList<>();
        for (OriginalAttachments.Attachment a : OriginalAttachments.extract(original, spoolDir)) {
            spooled.add(a.file());
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new TypedFileDataSource(a.file(), a.contentType(), a.fileName())));
            part.setDisposition(Part.ATTACHMENT);
            part.setFileName(a.fileName());
            part.setHeader("Content-Transfer-Encoding", "base64");
            multipart.addBodyPart(part);
        }
        return spooled;
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

    /** A message whose Message-ID is chosen here (jakarta.mail would replace it on saveChanges). */
    private static final class FixedIdMessage extends MimeMessage {
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
