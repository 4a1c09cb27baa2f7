package org.villhop.pipeline;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.villhop.delivery.BodySource;
import org.villhop.storage.ChunkedBytes;

/**
 * The output of one content stage: kept in memory up to a threshold, moved to a temporary file in the spool
 * directory beyond it (so a large message never needs its size in heap), readable as often as needed once written,
 * deleted on {@link #discard}. A working copy only: never forced to disk (the queued original is the durable copy).
 */
final class StageOutput {
    private final int threshold;
    private final Path spoolDirectory;
    private final String prefix;
    private ChunkedBytes memory = new ChunkedBytes();
    private Path file;
    private OutputStream fileOut;
    private long size;

    StageOutput(int threshold, Path spoolDirectory, String prefix) {
        this.threshold = threshold;
        this.spoolDirectory = spoolDirectory;
        this.prefix = prefix;
    }

    /** Where the stage writes; closing it ends the output. */
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

            @Override
            public void flush() throws IOException {
                if (fileOut != null) {
                    fileOut.flush();
                }
            }

            @Override
            public void close() throws IOException {
                if (fileOut != null) {
                    fileOut.close();
                }
            }
        };
    }

    private void append(byte[] bytes, int offset, int length) throws IOException {
        if (file == null && memory.size() + (long) length > threshold) {
            if (!Files.isDirectory(spoolDirectory)) {
                Files.createDirectories(spoolDirectory);
            }
            file = Files.createTempFile(spoolDirectory, prefix + "-", ".eml");
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            memory.writeTo(fileOut);
            memory = null;
        }
        if (file != null) {
            fileOut.write(bytes, offset, length);
        } else {
            memory.write(bytes, offset, length);
        }
        size += length;
    }

    long size() {
        return size;
    }

    /** The content written (after the output was closed). */
    BodySource content() {
        if (file != null) {
            return BodySource.ofFile(file);
        }
        ChunkedBytes bytes = memory;
        return bytes::open;
    }

    /** The temporary file, or null while the content is in memory. */
    Path file() {
        return file;
    }

    /** Deletes the temporary file, if any. */
    void discard() throws IOException {
        if (fileOut != null) {
            try {
                fileOut.close();
            } catch (IOException ignored) {
                // deleting it is what matters
            }
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
        memory = null;
    }
}
