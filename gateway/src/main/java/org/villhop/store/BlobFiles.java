package org.villhop.store;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/** Message files: written once, fsynced, then renamed into place; read from any offset. */
final class BlobFiles {

    private static final int BUFFER = 64 * 1024;
    private final Path root;

    BlobFiles(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    /**
     * A message written to a temporary file, not yet in place: its size, its first bytes (as many as asked, fewer
     * when it is shorter) and what the {@link Reading} made of it.
     */
    record Written<T>(Path temporary, long size, byte[] head, T read) {
    }

    /** Reads a message as it is written (the scan of its structure): one pass over the bytes instead of two. */
    @FunctionalInterface
    interface Reading<T> {
        T read(InputStream message) throws IOException;
    }

    /**
     * Copies {@code message} to a new temporary file, forced to disk, while {@code reading} reads it: every byte it
     * reads is written on its way, and whatever it leaves unread is copied after it returns. The first
     * {@code headLength} bytes are also kept in memory.
     */
    <T> Written<T> write(InputStream message, int headLength, Reading<T> reading) throws IOException {
        Path temporary = Files.createTempFile(root, "incoming-", ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER)) {
            CopyingInputStream copying = new CopyingInputStream(message, out, headLength);
            T read = reading.read(copying);
            copying.transferTo(OutputStream.nullOutputStream());
            out.flush();
            channel.force(true);
            return new Written<>(temporary, copying.copied, copying.head(), read);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Moves a written file to its final place and returns its id. */
    String commit(Written<?> written) throws IOException {
        String id = newId();
        Path target = path(id);
        Path directory = target.getParent();
        if (!Files.isDirectory(directory)) {
            // (createDirectories on an existing directory fails inside, an exception thrown and caught per message)
            Files.createDirectories(directory);
        }
        Files.move(written.temporary(), target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(directory);
        return id;
    }

    /** A new blob id (also for the blobs kept in the database, which share the id space). */
    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    InputStream open(String id, long offset) throws IOException {
        FileChannel channel = FileChannel.open(path(id), StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    void delete(String id) throws IOException {
        Files.deleteIfExists(path(id));
    }

    Path path(String id) {
        return root.resolve(id.substring(0, 2)).resolve(id + ".eml");
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for syncing; the file itself is already synced.
            return;
        }
    }

    /**
     * Passes on what is read from it and writes it to {@code copy}, counting and keeping the first bytes; skipping
     * reads (and copies) too.
     */
    private static final class CopyingInputStream extends FilterInputStream {
        private final OutputStream copy;
        private final byte[] head;
        private final byte[] single = new byte[1];
        private long copied;

        CopyingInputStream(InputStream in, OutputStream copy, int headLength) {
            super(in);
            this.copy = copy;
            this.head = new byte[headLength];
        }

        byte[] head() {
            return copied >= head.length ? head : Arrays.copyOf(head, (int) copied);
        }

        private void copied(byte[] b, int off, int n) throws IOException {
            copy.write(b, off, n);
            if (copied < head.length) {
                System.arraycopy(b, off, head, (int) copied, (int) Math.min(n, head.length - copied));
            }
            copied += n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                single[0] = (byte) b;
                copied(single, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copied(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, BUFFER)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
