package org.villhop.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * Which bodies (queued messages, mailbox messages) a store keeps in its SQLite database instead of a file of their
 * own: those of at most {@code maxSize} bytes, received while fewer than {@code maxInMemory} bytes of such bodies are
 * being received at once (each reception reserves {@code maxSize} until it is committed or dropped). A body kept in
 * the database is made durable by the same commit as its metadata; a body in a file costs a new file and two more
 * forced writes of its own (the file, then the directory entry). Everything else is streamed to a file, never held
 * whole. Thread-safe.
 */
public final class InlineBodies {
    /** 256 KiB bodies (a letter with a few scanned pages) in at most 16 MiB of memory: 64 receptions at once. */
    public static final InlineBodies DEFAULT = new InlineBodies(256 * 1024, 16 * 1024 * 1024);
    /** Every body in a file. */
    public static final InlineBodies NONE = new InlineBodies(0, 0);

    private static final int FIRST_BUFFER = 64 * 1024;
    private final int maxSize;
    private final Semaphore budget;

    public InlineBodies(int maxSize, int maxInMemory) {
        if (maxSize < 0 || maxInMemory < maxSize) {
            throw new IllegalArgumentException("inline bodies: max size " + maxSize + ", max in memory "
                    + maxInMemory);
        }
        this.maxSize = maxSize;
        this.budget = new Semaphore(maxInMemory);
    }

    /**
     * Reads {@code body} into memory when it is small enough and memory is available; otherwise returns a
     * {@link Spill} whose stream gives what was read so far followed by the rest of {@code body}.
     */
    public Staged read(InputStream body) throws IOException {
        if (maxSize == 0 || !budget.tryAcquire(maxSize)) {
            return new Spill(body);
        }
        boolean kept = false;
        try {
            byte[] bytes = new byte[Math.min(FIRST_BUFFER, maxSize + 1)];
            int length = 0;
            int n;
            while ((n = body.read(bytes, length, bytes.length - length)) >= 0) {
                length += n;
                if (length == bytes.length) {
                    if (length > maxSize) {
                        break;
                    }
                    bytes = Arrays.copyOf(bytes, Math.min(bytes.length * 2, maxSize + 1));
                }
            }
            if (length > maxSize) {
                return new Spill(new SequenceInputStream(new ByteArrayInputStream(bytes, 0, length), body));
            }
            kept = true;
            return new InMemory(length == bytes.length ? bytes : Arrays.copyOf(bytes, length), this);
        } finally {
            if (!kept) {
                budget.release(maxSize);
            }
        }
    }

    private void release() {
        budget.release(maxSize);
    }

    /** What {@link #read} made of a body. */
    public sealed interface Staged permits InMemory, Spill {
    }

    /** A body too large (or received while memory was short): to be streamed to a file. */
    public record Spill(InputStream stream) implements Staged {
    }

    /** A small body, whole in memory until {@link #release} gives its reservation back (once). */
    public static final class InMemory implements Staged {
        private final byte[] bytes;
        private InlineBodies owner;

        private InMemory(byte[] bytes, InlineBodies owner) {
            this.bytes = bytes;
            this.owner = owner;
        }

        /** The body; not a copy: not to be changed. */
        public byte[] bytes() {
            return bytes;
        }

        public synchronized void release() {
            if (owner != null) {
                owner.release();
                owner = null;
            }
        }
    }
}
