package org.villhop.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A literal read from the client: small ones in memory, large ones in a temporary file deleted on close. */
record Literal(byte[] bytes, Path file, long size) implements AutoCloseable {

    InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    String text() {
        if (file != null) {
            throw ImapException.bad("literal too long for this argument");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
