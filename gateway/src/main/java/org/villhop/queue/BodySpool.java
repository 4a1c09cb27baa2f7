package org.villhop.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Message bodies as files: {@code tmp/} for bodies being received, {@code messages/ID.eml} for queued ones. A body
 * reaches {@code messages/} only after its bytes are forced to disk, and the rename is made durable by forcing the
 * directory; concurrent publications share one force of the directory.
 */
final class BodySpool {
    private static final int BUFFER = 64 * 1024;
    private final Path tmp;
    private final Path messages;
    private final AtomicLong moves = new AtomicLong();
    private final ReentrantLock directoryForce = new ReentrantLock();
    /** Moves into {@code messages/} known durable (guarded by {@link #directoryForce}). */
    private long movesForced;

    BodySpool(Path dir) throws IOException {
        this.tmp = Files.createDirectories(dir.resolve("tmp"));
        this.messages = Files.createDirectories(dir.resolve("messages"));
    }

    /** Copies the stream to a new temporary file and forces it to disk. */
    StagedFile stage(InputStream body) throws IOException {
        Path file = tmp.resolve(UUID.randomUUID() + ".part");
        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                size += n;
            }
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new StagedFile(file, size);
    }

    /** Moves a staged file to its queued name and makes the move durable. */
    void publish(Path staged, String id) throws IOException {
        Files.move(staged, bodyPath(id), StandardCopyOption.ATOMIC_MOVE);
        long mine = moves.incrementAndGet();
        directoryForce.lock();
        try {
            if (movesForced >= mine) {
                return;
            }
            long upTo = moves.get();
            forceDirectory(messages);
            movesForced = upTo;
        } finally {
            directoryForce.unlock();
        }
    }

    Path bodyPath(String id) {
        if (!id.matches("[0-9a-z-]{1,64}")) {
            throw new IllegalArgumentException("not a queue id: " + id);
        }
        return messages.resolve(id + ".eml");
    }

    void delete(String id) throws IOException {
        Files.deleteIfExists(bodyPath(id));
    }

    /**
     * Deletes leftovers of a crash: every temporary file, and every queued body whose id {@code isQueued} does not
     * know (its envelope never committed). Returns how many files were removed.
     */
    int removeOrphans(Predicate<String> isQueued) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp)) {
            for (Path part : parts) {
                Files.deleteIfExists(part);
                removed++;
            }
        }
        try (DirectoryStream<Path> bodies = Files.newDirectoryStream(messages, "*.eml")) {
            for (Path body : bodies) {
                String name = body.getFileName().toString();
                if (!isQueued.test(name.substring(0, name.length() - 4))) {
                    Files.deleteIfExists(body);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            forceDirectory(messages);
        }
        return removed;
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        }
    }

    /** A body in {@code tmp/}, not yet queued. */
    record StagedFile(Path path, long size) {
    }
}
