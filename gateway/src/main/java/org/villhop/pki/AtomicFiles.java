package org.villhop.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * File writes that never leave a half-written file behind: write a sibling temporary file, then rename it. Files are
 * private to their owner (mode 600 where POSIX) unless written with {@link #writePublic} (certificates, CRLs: 644).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes a file only its owner may read (keys, key stores, the CA's records). */
    public static void write(Path target, byte[] content) {
        write(target, content, false);
    }

    /** Writes a file anyone may read (certificates, CRLs). */
    public static void writePublic(Path target, byte[] content) {
        write(target, content, true);
    }

    private static void write(Path target, byte[] content, boolean readableByAll) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
            try {
                Files.write(tmp, content);
                PosixFileAttributeView posix = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
                if (posix != null) {
                    posix.setPermissions(PosixFilePermissions.fromString(readableByAll ? "rw-r--r--" : "rw-------"));
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
