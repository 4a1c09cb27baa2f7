package org.villhop.smime;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.villhop.storage.ChunkedBytes;

/**
 * Bytes written once and read back: kept in memory up to a threshold, then moved to a temporary file (deleted on
 * {@link #close()}), so that a large message never needs its size in heap.
 */
final class SpillBuffer implements Closeable {
    private final int threshold;
    private final Path tempDir;
    private ChunkedBytes memory = new ChunkedBytes();
    private Path file;
    private OutputStream fileOut;

    SpillBuffer(int threshold, Path tempDir) {
        this.threshold = threshold;
        this.tempDir = tempDir;
    }

    /** Where to write; closing it does not end the buffer. */
    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                append(bytes, offset, length);
            }
        };
    }

    private void append(byte[] bytes, int offset, int length) throws IOException {
        if (file == null && memory.size() + length > threshold) {
            file = Files.createTempFile(tempDir, "villhop-smime-", ".tmp");
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), Mime.BUFFER);
            memory.writeTo(fileOut);
            memory = null;
        }
        if (file != null) {
            fileOut.write(bytes, offset, length);
        } else {
            memory.write(bytes, offset, length);
        }
    }

    /** The bytes written so far, from the start; may be called several times. */
    InputStream input() throws IOException {
        if (file != null) {
            fileOut.flush();
            return new BufferedInputStream(Files.newInputStream(file), Mime.BUFFER);
        }
        return memory.open();
    }

    /** Deletes the temporary file, if any. */
    @Override
    public void close() throws IOException {
        if (file != null) {
            fileOut.close();
            Files.deleteIfExists(file);
        }
    }
}
