package org.villhop.receipts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.activation.DataSource;

/** A file with a given content type, read as a stream each time the message is written. */
record TypedFileDataSource(Path file, String contentType, String name) implements DataSource {
    @Override
    public InputStream getInputStream() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("read-only data source " + file);
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public String getName() {
        return name;
    }
}
