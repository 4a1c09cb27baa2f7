package org.villhop.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock on a data directory ({@code DATA/gateway.lock}): one gateway per data directory, and commands
 * that must not run beside a gateway (they write the audit journal) take it too. Closing releases it.
 */
final class DataLock implements AutoCloseable {
    private final FileChannel channel;

    private DataLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock, or fails with a precise reason when a gateway (or another command) holds it. */
    static DataLock take(Path data) throws IOException, GatewayException {
        Files.createDirectories(data);
        FileChannel channel = FileChannel.open(data.resolve("gateway.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new GatewayException("another gateway is running on the data directory " + data, null);
        }
        return new DataLock(channel);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
