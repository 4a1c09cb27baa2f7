package org.villhop.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CA's record of what it issued, one tab-separated line per certificate:
 * {@code serial(hex)  issuer(root|intermediate)  notAfter  status(V|R)  revokedAt  reason  subject}. Written whole
 * through a temporary file and an atomic rename, so a crash leaves either the old or the new list.
 */
final class CaIndex {

    /** One issued certificate; {@code revokedAt} and {@code reason} are null while it is valid. */
    record Entry(BigInteger serial, String issuer, Instant notAfter, Instant revokedAt, RevocationReason reason,
                 String subject) {
        boolean revoked() {
            return revokedAt != null;
        }

        String line() {
            return serial.toString(16) + '\t' + issuer + '\t' + notAfter + '\t' + (revoked() ? "R" : "V") + '\t'
                    + (revoked() ? revokedAt.toString() : "-") + '\t' + (revoked() ? reason.label() : "-") + '\t'
                    + subject.replace('\t', ' ');
        }

        static Entry parse(String line) {
            String[] f = line.split("\t", 7);
            if (f.length != 7) {
                throw new PkiException("corrupt CA index line: " + line);
            }
            boolean revoked = f[3].equals("R");
            return new Entry(new BigInteger(f[0], 16), f[1], Instant.parse(f[2]),
                    revoked ? Instant.parse(f[4]) : null, revoked ? RevocationReason.fromLabel(f[5]) : null, f[6]);
        }
    }

    private final Path file;

    CaIndex(Path file) {
        this.file = file;
    }

    List<Entry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Entry> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(Entry.parse(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean contains(BigInteger serial) {
        return find(serial).isPresent();
    }

    Optional<Entry> find(BigInteger serial) {
        return entries().stream().filter(e -> e.serial().equals(serial)).findFirst();
    }

    void add(Entry entry) {
        List<Entry> all = new ArrayList<>(entries());
        all.add(entry);
        write(all);
    }

    void replace(Entry entry) {
        List<Entry> all = new ArrayList<>(entries());
        all.replaceAll(e -> e.serial().equals(entry.serial()) ? entry : e);
        write(all);
    }

    private void write(List<Entry> all) {
        StringBuilder text = new StringBuilder();
        all.forEach(e -> text.append(e.line()).append('\n'));
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
