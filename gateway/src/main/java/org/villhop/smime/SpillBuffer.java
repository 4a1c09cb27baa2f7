package org.villhop.smime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes written once and read back: kept in memory up to a threshold, then moved to a temporary file (deleted on
 * {@link #close()}), so that a large message never needs its size in heap.
 */
final class SpillBuffer extends OutputStream {
    private final int threshold;
    private final Path tempDir;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;

    SpillBuffer(int threshold, Path tempDir) {
        this.threshold = threshold;
        this.tempDir = tempDir;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (fileOut == null && memory.size() + length > threshold) {
            file = Files.createTempFile(tempDir, "villhop-smime-", ".tmp");
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            memory.writeTo(fileOut);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(bytes, offset, length);
        } else {
            memory.write(bytes, offset, length);
        }
        size += length;
    }

    long size() {
        return size;
    }

    /** The bytes written so far, from the start; may be called several times. */
    InputStream input() throws IOException {
        if (fileOut != null) {
            fileOut.flush();
            return new java.io.BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        }
        return new ByteArrayInputStream(memory.toByteArray());
    }

    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
            Files.deleteIfExists(file);
            fileOut = null;
        }
    }
}
