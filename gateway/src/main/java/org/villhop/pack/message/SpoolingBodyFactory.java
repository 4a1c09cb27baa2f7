package org.villhop.pack.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.james.mime4j.dom.BinaryBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.BodyFactory;

/**
 * Keeps MIME bodies up to a threshold in memory and spools larger ones to owner-only temporary files (deleted when the
 * body is disposed), so that a message with big pass-through attachments never sits whole in memory.
 */
final class SpoolingBodyFactory implements BodyFactory {

    private final int threshold;
    private final Path directory;

    SpoolingBodyFactory(int threshold, Path directory) {
        this.threshold = threshold;
        this.directory = directory;
    }

    @Override
    public BinaryBody binaryBody(InputStream in) throws IOException {
        Content content = read(in);
        return new BinaryBody() {
            @Override
            public InputStream getInputStream() throws IOException {
                return content.open();
            }

            @Override
            public void dispose() {
                content.delete();
            }
        };
    }

    @Override
    public TextBody textBody(InputStream in, String mimeCharset) throws IOException {
        Content content = read(in);
        Charset charset = charset(mimeCharset);
        return new TextBody() {
            @Override
            public String getMimeCharset() {
                return mimeCharset;
            }

            @Override
            public Charset getCharset() {
                return charset;
            }

            @Override
            public Reader getReader() throws IOException {
                return new InputStreamReader(content.open(), charset);
            }

            @Override
            public InputStream getInputStream() throws IOException {
                return content.open();
            }

            @Override
            public void dispose() {
                content.delete();
            }
        };
    }

    private Content read(InputStream in) throws IOException {
        byte[] head = in.readNBytes(threshold + 1);
        if (head.length <= threshold) {
            return new Content(head, null);
        }
        Path file = directory == null
                ? Files.createTempFile("villhop-part-", ".bin", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, "villhop-part-", ".bin", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head);
            in.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Content(null, file);
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.US_ASCII : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.US_ASCII;
        }
    }

    /** A body's bytes, in memory or in a file. */
    private record Content(byte[] bytes, Path file) {
        InputStream open() throws IOException {
            return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
        }

        void delete() {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
