package org.villhop.server;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * For the embedded default and the tests: a fresh data directory gets the sample PKI's identities, trust anchors,
 * CRLs and recipients' directory (from {@code certs-sample/data}), so that the gateway can sign, encrypt and decrypt
 * at once. An existing {@code pki/} is never touched.
 */
public final class SamplePki {
    private SamplePki() {
    }

    /**
     * Copies {@code sample} (a data directory such as certs-sample/data) into {@code data} when that has no
     * {@code pki/} yet; returns what was done, or null when nothing was.
     */
    public static String seed(Path sample, Path data) throws IOException {
        if (Files.exists(data.resolve("pki")) || !Files.isDirectory(sample.resolve("pki"))) {
            return null;
        }
        copyTree(sample.resolve("pki"), data.resolve("pki"));
        if (Files.isDirectory(sample.resolve("directory")) && !Files.exists(data.resolve("directory"))) {
            copyTree(sample.resolve("directory"), data.resolve("directory"));
        }
        return "sample PKI and recipients' directory copied from " + sample;
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
