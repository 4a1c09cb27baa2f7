package org.villhop.receipts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Finds the IHE XDM archive(s) and PDF document(s) of a received message and spools each, decoded, to a file, so that an
 * error MDN can carry them back (ANS: "les pièces jointes ... doivent être remises en pièces jointes du courriel MDN").
 * Streams: nothing is held in memory.
 */
final class OriginalAttachments {
    /** One spooled attachment. */
    record Attachment(String fileName, String contentType, Path file) {
    }

    private OriginalAttachments() {
    }

    static List<Attachment> extract(Path message, Path spoolDir) throws IOException {
        List<Attachment> found = new ArrayList<>();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(-1)
                .build(), DecodeMonitor.SILENT, new DefaultBodyDescriptorBuilder());
        parser.setContentDecoding(true);
        parser.setContentHandler(new AbstractContentHandler() {
            @Override
            public void body(BodyDescriptor bd, InputStream is) throws IOException {
                String type = bd.getMimeType().toLowerCase(Locale.ROOT);
                String name = fileName((MaximalBodyDescriptor) bd);
                String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
                String kind = type.equals("application/zip") || type.equals("application/x-zip-compressed")
                        || lower.endsWith(".zip") ? "application/zip"
                        : type.equals("application/pdf") || lower.endsWith(".pdf") ? "application/pdf" : null;
                if (kind == null) {
                    return;
                }
                Path file = Files.createTempFile(spoolDir, "mdn-attachment-", ".bin");
                Files.copy(is, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                String fallback = kind.equals("application/zip") ? "IHE_XDM.zip" : "document.pdf";
                found.add(new Attachment(name == null || name.isBlank() ? fallback : name, kind, file));
            }
        });
        try (InputStream in = Files.newInputStream(message)) {
            parser.parse(in);
        } catch (MimeException e) {
            found.forEach(a -> a.file().toFile().delete());
            throw new IOException("malformed MIME structure in " + message + ": " + e.getMessage(), e);
        }
        return found;
    }

    private static String fileName(MaximalBodyDescriptor bd) {
        String name = bd.getContentDispositionFilename();
        return name != null ? name : bd.getContentTypeParameters().get("name");
    }
}
