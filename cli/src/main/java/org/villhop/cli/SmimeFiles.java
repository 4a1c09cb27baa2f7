package org.villhop.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.villhop.smime.SmimeIdentity;
import org.villhop.trust.Certificates;

/** Input, output and key material of the {@code villhop smime} commands. */
final class SmimeFiles {
    private SmimeFiles() {
    }

    /** The file, or standard input when {@code file} is null or "-". */
    static InputStream in(Path file) throws IOException {
        if (file == null || file.toString().equals("-")) {
            return new BufferedInputStream(System.in, 64 * 1024);
        }
        return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    }

    /**
     * The file, or the process's standard output when {@code file} is null or "-" (the raw byte stream: messages must
     * pass byte for byte, which the command's text writer would not guarantee).
     */
    static OutputStream out(Path file) throws IOException {
        if (file == null || file.toString().equals("-")) {
            return new BufferedOutputStream(new java.io.FilterOutputStream(System.out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            }, 64 * 1024);
        }
        return new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
    }

    static List<X509Certificate> certificates(List<Path> files) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path file : files) {
            certs.addAll(Certificates.read(file));
        }
        return certs;
    }

    static List<SmimeIdentity> identities(List<Path> files, SecretOptions password) throws IOException {
        List<SmimeIdentity> identities = new ArrayList<>();
        if (files.isEmpty()) {
            return identities;
        }
        char[] secret = password.read();
        try {
            for (Path file : files) {
                identities.addAll(SmimeIdentity.loadPkcs12(file, secret));
            }
        } finally {
            java.util.Arrays.fill(secret, '\0');
        }
        return identities;
    }
}
