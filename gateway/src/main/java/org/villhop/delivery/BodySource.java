package org.villhop.delivery;

import java.io.IOException;
import java.io.InputStream;

/** Opens the message content (headers and body, RFC 5322) afresh each time; the caller closes the stream. */
@FunctionalInterface
public interface BodySource {
    InputStream open() throws IOException;

    static BodySource ofFile(java.nio.file.Path file) {
        return () -> java.nio.file.Files.newInputStream(file);
    }

    static BodySource ofBytes(byte[] content) {
        byte[] copy = content.clone();
        return () -> new java.io.ByteArrayInputStream(copy);
    }
}
