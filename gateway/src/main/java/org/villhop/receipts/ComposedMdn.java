package org.villhop.receipts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * An MDN ready to send: envelope sender null ({@code MAIL FROM:<>}), one recipient. The original message and the
 * re-attached documents are read from files when {@link #writeTo} runs; {@link #close} deletes the spooled attachments.
 *
 * @param recipient the Disposition-Notification-To address
 * @param messageId the MDN's own Message-ID (without angle brackets)
 */
public record ComposedMdn(String recipient, String messageId, MimeMessage message, List<Path> spooled)
        implements AutoCloseable {
    public ComposedMdn {
        spooled = List.copyOf(spooled);
    }

    /** The envelope sender to use: always the null reverse-path, so that nothing answers the MDN. */
    public String envelopeSender() {
        return "";
    }

    /** Writes the MDN (RFC 5322, CRLF line ends) as a stream. */
    public void writeTo(OutputStream out) throws IOException {
        try {
            message.writeTo(out);
        } catch (MessagingException e) {
            throw new IOException("cannot write the MDN: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Path p : spooled) {
            Files.deleteIfExists(p);
        }
    }
}
