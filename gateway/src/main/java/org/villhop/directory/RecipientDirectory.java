package org.villhop.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.villhop.pki.AtomicFiles;
import org.villhop.pki.CertificateInfo;
import org.villhop.pki.PemCodec;
import org.villhop.pki.PkiException;

/**
 * The recipients' certificates the gateway encrypts for, kept in {@code DATA/directory} as one PEM file per
 * certificate named by its SHA-256 fingerprint. A certificate is found by the email addresses of its subjectAltName;
 * an address may have several (a renewed certificate next to the old one). A file's name is its certificate's
 * fingerprint, so each file is parsed once and kept (a gateway looks recipients up for every message).
 * <p>
 * Look-ups read an index by address, not the directory: a hospital's directory holds tens of thousands of
 * certificates, and listing it for every recipient of every message would cost more than the message. Certificates
 * added or removed by {@code villhop directory} (another process: files created, renamed into or deleted from the
 * directory) still count at the next look-up: each look-up reads the directory's own attributes (one {@code stat}), and
 * the index is rebuilt when its modification time or file key differ from those seen when it was built. Because a
 * file system's clock has a coarse tick, a change in the same tick as the listing would leave the time unchanged: the
 * index also counts as stale while the directory's time is less than {@link #RACY_WINDOW} before the listing began
 * (the rule git applies to its index), so such a change is seen at a later look-up.
 * Safe for concurrent use.
 */
public final class RecipientDirectory {

    /** One stored certificate. */
    public record Entry(Path file, X509Certificate certificate, CertificateInfo info) {
    }

    /** How long after a change of the directory its index is still rebuilt at each look-up. */
    static final Duration RACY_WINDOW = Duration.ofSeconds(2);

    /** The entries as listed once, sorted as {@link #list} returns them, and by address. */
    private record Index(Object fileKey, FileTime modified, long listedAtMillis, List<Entry> all,
                         Map<String, List<Entry>> byAddress) {
        static final Index MISSING = new Index(null, null, 0, List.of(), Map.of());

        boolean describes(BasicFileAttributes now) {
            if (now == null) {
                return this == MISSING;
            }
            return this != MISSING && Objects.equals(fileKey, now.fileKey()) && modified.equals(now.lastModifiedTime())
                    && listedAtMillis - modified.toMillis() >= RACY_WINDOW.toMillis();
        }
    }

    private final Path directory;
    /** Parsed certificates by file name (content-addressed: the name is the certificate's SHA-256). */
    private final Map<String, Entry> parsed = new ConcurrentHashMap<>();
    private volatile Index index;
    private final AtomicLong listings = new AtomicLong();

    /** The directory of a data directory: {@code dataDirectory/directory}. */
    public RecipientDirectory(Path dataDirectory) {
        this.directory = dataDirectory.resolve("directory");
    }

    public Path path() {
        return directory;
    }

    /**
     * Adds a recipient's certificate. Refuses CA certificates and certificates without an email address in
     * subjectAltName. Adding a certificate already present changes nothing and returns its entry.
     */
    public Entry add(X509Certificate certificate) {
        CertificateInfo info = CertificateInfo.of(certificate);
        if (info.ca()) {
            throw new PkiException("a CA certificate is not a recipient's certificate: " + info.subject());
        }
        if (info.emails().isEmpty()) {
            throw new PkiException("no email address in the subjectAltName of " + info.subject()
                    + ": it cannot be a recipient's certificate");
        }
        Path file = directory.resolve(info.fingerprintHex() + ".pem");
        if (!Files.exists(file)) {
            AtomicFiles.writePublic(file, PemCodec.certificatesPem(List.of(certificate)).getBytes(StandardCharsets.US_ASCII));
        }
        return new Entry(file, certificate, info);
    }

    /** Every certificate, sorted by first email address then by end of validity. */
    public List<Entry> list() {
        return current().all();
    }

    /** How many times the directory was listed (for tests). */
    long listings() {
        return listings.get();
    }

    private Index current() {
        BasicFileAttributes now = attributes();
        Index known = index;
        if (known != null && known.describes(now)) {
            return known;
        }
        synchronized (this) {
            now = attributes();
            known = index;
            if (known != null && known.describes(now)) {
                return known;
            }
            Index fresh = now == null ? Index.MISSING : listed(now);
            index = fresh;
            return fresh;
        }
    }

    private BasicFileAttributes attributes() {
        try {
            BasicFileAttributes a = Files.readAttributes(directory, BasicFileAttributes.class);
            return a.isDirectory() ? a : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lists the directory. The time compared with the directory's is taken before listing, from the system clock:
     * file times come from the kernel's clock, not from an injected one.
     */
    private Index listed(BasicFileAttributes seen) {
        long startedAt = System.currentTimeMillis();
        listings.incrementAndGet();
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                out.add(entry(f));
            }
        } catch (NoSuchFileException e) {
            return Index.MISSING;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + ": " + e.getMessage(), e);
        }
        Set<String> present = out.stream().map(e -> e.file().getFileName().toString()).collect(Collectors.toSet());
        parsed.keySet().retainAll(present);
        out.sort(Comparator.comparing((Entry e) -> e.info().emails().get(0))
                .thenComparing(e -> e.info().notAfter()));
        Map<String, List<Entry>> byAddress = new HashMap<>();
        for (Entry e : out) {
            for (String email : Set.copyOf(e.info().emails())) {
                byAddress.computeIfAbsent(email, k -> new ArrayList<>()).add(e);
            }
        }
        byAddress.replaceAll((k, v) -> List.copyOf(v));
        return new Index(seen.fileKey(), seen.lastModifiedTime(), startedAt, List.copyOf(out), Map.copyOf(byAddress));
    }

    private Entry entry(Path file) throws IOException {
        String name = file.getFileName().toString();
        Entry known = parsed.get(name);
        if (known != null && known.file().equals(file)) {
            return known;
        }
        X509Certificate c = PemCodec.readCertificates(Files.readAllBytes(file), file.toString()).get(0);
        Entry entry = new Entry(file, c, CertificateInfo.of(c));
        if (name.equals(entry.info().fingerprintHex() + ".pem")) {
            parsed.put(name, entry);
        }
        return entry;
    }

    /** Every certificate carrying {@code email} (case-insensitive), valid or not. */
    public List<X509Certificate> find(String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        return current().byAddress().getOrDefault(wanted, List.of()).stream().map(Entry::certificate).toList();
    }

    /**
     * The certificates to encrypt for {@code email} at {@code now}: within their validity and allowed to receive
     * keys (keyEncipherment for RSA, keyAgreement for EC; emailProtection when an extended key usage is present),
     * latest-ending first. Path validation and revocation are the caller's business ({@code org.villhop.trust}).
     */
    public List<X509Certificate> findForEncryption(String email, Instant now) {
        String wanted = email.toLowerCase(Locale.ROOT);
        return current().byAddress().getOrDefault(wanted, List.of()).stream()
                .filter(e -> !now.isBefore(e.info().notBefore()) && !now.isAfter(e.info().notAfter()))
                .filter(e -> e.info().keyUsage().isEmpty() || e.info().keyUsage().contains("keyEncipherment")
                        || e.info().keyUsage().contains("keyAgreement"))
                .filter(e -> e.info().extendedKeyUsage().isEmpty()
                        || e.info().extendedKeyUsage().contains("emailProtection"))
                .sorted(Comparator.comparing((Entry e) -> e.info().notAfter()).reversed())
                .map(Entry::certificate).toList();
    }

    /**
     * Removes the certificates of an email address, or the one whose SHA-256 fingerprint (hex, with or without
     * colons, or a unique prefix of at least 8 digits) is given. Returns the removed entries; none is an error.
     */
    public List<Entry> remove(String emailOrFingerprint) {
        String key = emailOrFingerprint.toLowerCase(Locale.ROOT);
        String hex = key.replace(":", "");
        List<Entry> matching = list().stream().filter(e -> e.info().emails().contains(key)
                || (hex.length() >= 8 && hex.matches("[0-9a-f]+") && e.info().fingerprintHex().startsWith(hex)))
                .toList();
        if (matching.isEmpty()) {
            throw new PkiException("no certificate for '" + emailOrFingerprint + "' in the recipients' directory");
        }
        boolean byAddress = matching.stream().allMatch(e -> e.info().emails().contains(key));
        if (!byAddress && matching.size() > 1) {
            throw new PkiException("fingerprint prefix '" + emailOrFingerprint + "' matches " + matching.size()
                    + " certificates: give more digits");
        }
        try {
            for (Entry e : matching) {
                Files.deleteIfExists(e.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return matching;
    }
}
