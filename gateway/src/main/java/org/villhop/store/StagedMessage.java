package org.villhop.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;

import org.villhop.storage.InlineBodies;

/**
 * A message read for storing, its MIME structure scanned on the way: whole in memory when it is small enough
 * ({@link InlineBodies}: its content then goes into the database with its metadata), else in a temporary file forced
 * to disk, to be moved into place as a blob file. Closing it gives back its memory or removes its temporary file
 * when it was not placed.
 */
final class StagedMessage implements AutoCloseable {
    private final InlineBodies.InMemory inMemory;
    private final BlobFiles.Written<MimeScanner.MimeEntity> written;
    private final MimeScanner.MimeEntity scanned;
    private final byte[] head;
    private boolean placed;

    private StagedMessage(InlineBodies.InMemory inMemory, BlobFiles.Written<MimeScanner.MimeEntity> written,
                          MimeScanner.MimeEntity scanned, byte[] head) {
        this.inMemory = inMemory;
        this.written = written;
        this.scanned = scanned;
        this.head = head;
    }

    /** Reads {@code message}, keeping its first {@code headLength} bytes at hand. */
    static StagedMessage read(InputStream message, InlineBodies inline, BlobFiles files, int headLength)
            throws IOException {
        return switch (inline.read(message)) {
            case InlineBodies.InMemory small -> inMemory(small, headLength);
            case InlineBodies.Spill spill -> inFile(files.write(spill.stream(), headLength, MimeScanner::scan));
        };
    }

    private static StagedMessage inMemory(InlineBodies.InMemory small, int headLength) throws IOException {
        try {
            byte[] bytes = small.bytes();
            MimeScanner.MimeEntity scanned = MimeScanner.scan(new ByteArrayInputStream(bytes));
            return new StagedMessage(small, null, scanned, Arrays.copyOf(bytes, Math.min(bytes.length, headLength)));
        } catch (IOException | RuntimeException e) {
            small.release();
            throw e;
        }
    }

    private static StagedMessage inFile(BlobFiles.Written<MimeScanner.MimeEntity> written) {
        return new StagedMessage(null, written, written.read(), written.head());
    }

    long size() {
        return inMemory != null ? inMemory.bytes().length : written.size();
    }

    MimeScanner.MimeEntity scanned() {
        return scanned;
    }

    /** The header section, when it fits in the bytes kept at hand; else null. */
    byte[] headerBlock() {
        long length = scanned.bodyStart;
        return length <= head.length ? Arrays.copyOf(head, (int) length) : null;
    }

    /** The content to insert into the database with the blob's metadata; null when the blob is a file. */
    byte[] content() {
        return inMemory != null ? inMemory.bytes() : null;
    }

    /** Gives the blob its id, moving its file into place when it has one. */
    String place(BlobFiles files) throws IOException {
        placed = true;
        return inMemory != null ? BlobFiles.newId() : files.commit(written);
    }

    /** Removes the file {@link #place} moved into place, when there is one (a blob not stored after all). */
    void discard(BlobFiles files, String id) throws IOException {
        if (inMemory == null) {
            files.delete(id);
        }
    }

    @Override
    public void close() throws IOException {
        if (inMemory != null) {
            inMemory.release();
        } else if (!placed) {
            Files.deleteIfExists(written.temporary());
        }
    }
}
