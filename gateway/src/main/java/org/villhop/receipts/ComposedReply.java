package org.villhop.receipts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * An MDN, or an integration error mail, ready to send to one recipient. The original message and the re-attached
 * documents are read from files when {@link #writeTo} runs; {@link #close} deletes the spooled attachments.
 *
 * @param envelopeSender the SMTP MAIL FROM: {@code ""} (the null reverse-path) for an MDN, so that nothing answers
 *                       it; the service mailbox for an error mail
 * @param recipient      the Disposition-Notification-To address (MDN), or the original's Reply-To/From (mail)
 * @param messageId      the reply's own Message-ID (without angle brackets)
 * @param message        the message, written by {@link #writeTo}
 * @param spooled        the attachment files deleted by {@link #close}
 */
public record ComposedReply(String envelopeSender, String recipient, String messageId, MimeMessage message,
                            List<Path> spooled) implements AutoCloseable {
    public ComposedReply {
        spooled = List.copyOf(spooled);
    }

    /** Writes the MDN (RFC 5322, CRLF line ends) as a stream. */
    public void writeTo(OutputStream out) throws IOException {
        try {
            message.writeTo(out);
        } catch (MessagingException e) {
            throw new IOException("cannot write the reply: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Path p : spooled) {
            Files.deleteIfExists(p);
        }
    }
}
