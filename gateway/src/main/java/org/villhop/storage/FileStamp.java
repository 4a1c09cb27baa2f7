package org.villhop.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a set of files looks like now: for each file, its path, file key (inode), size and modification time. Writing a
 * file, replacing it by a rename (as {@code AtomicFiles} does), adding or removing one changes the stamp, even within
 * one tick of the file system's clock. Used to notice that operator-managed files (identities, CRLs) changed while the
 * gateway runs.
 */
public record FileStamp(Set<List<Object>> files) {
    public FileStamp {
        files = Set.copyOf(files);
    }

    /** The stamp of every regular file directly in {@code directories} (absent ones count as empty) and {@code files}. */
    public static FileStamp of(Collection<Path> directories, Collection<Path> files) throws IOException {
        Set<List<Object>> seen = new HashSet<>();
        for (Path directory : directories) {
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
                for (Path file : listing) {
                    add(seen, file);
                }
            } catch (NoSuchFileException e) {
                // an absent directory holds nothing
            }
        }
        for (Path file : files) {
            add(seen, file);
        }
        return new FileStamp(seen);
    }

    private static void add(Set<List<Object>> seen, Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            seen.add(List.of(file.toString(), "absent"));
            return;
        }
        Object key = a.fileKey();
        seen.add(List.of(file.toString(), key == null ? "" : key, a.size(), a.lastModifiedTime()));
    }
}
