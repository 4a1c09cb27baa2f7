package org.villhop.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Message files: written once, fsynced, then renamed into place; read from any offset. */
final class BlobFiles {

    private final Path root;

    BlobFiles(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    /** A message written to a temporary file, not yet in place. */
    record Written(Path temporary, long size) {
    }

    Written write(InputStream message) throws IOException {
        Path temporary = Files.createTempFile(root, "incoming-", ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            long size = message.transferTo(out);
            out.flush();
            channel.force(true);
            return new Written(temporary, size);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Moves a written file to its final place and returns its id. */
    String commit(Written written) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
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
}
