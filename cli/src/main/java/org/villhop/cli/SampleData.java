package org.villhop.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * For the embedded default: a fresh data directory gets the sample PKI's identities, trust anchors, CRLs and
 * recipients' directory (from {@code certs-sample/data}), so that the gateway can sign, encrypt and decrypt at once.
 * An existing {@code pki/} is never touched.
 */
final class SampleData {
    static final Path SAMPLE = Path.of("certs-sample", "data");

    private SampleData() {
    }

    /** Copies the sample into {@code data} when it has no {@code pki/} yet; returns what was done, or null. */
    static String seed(Path data) throws IOException {
        Path sample = SAMPLE.toAbsolutePath();
        if (Files.exists(data.resolve("pki")) || !Files.isDirectory(sample.resolve("pki"))) {
            return null;
        }
        copyTree(sample.resolve("pki"), data.resolve("pki"));
        if (Files.isDirectory(sample.resolve("directory")) && !Files.exists(data.resolve("directory"))) {
            copyTree(sample.resolve("directory"), data.resolve("directory"));
        }
        return "sample PKI and recipients' directory copied from " + SAMPLE;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
