package org.villhop.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * fingerprint, so each file is parsed once and kept (a gateway looks recipients up for every message); the directory
 * itself is listed at each look-up, so certificates added or removed by {@code villhop directory} count at once.
 * Safe for concurrent use.
 */
public final class RecipientDirectory {

    /** One stored certificate. */
    public record Entry(Path file, X509Certificate certificate, CertificateInfo info) {
    }

    private final Path directory;
    /** Parsed certificates by file name (content-addressed: the name is the certificate's SHA-256). */
    private final Map<String, Entry> parsed = new ConcurrentHashMap<>();

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
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                out.add(entry(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + ": " + e.getMessage(), e);
        }
        Set<String> present = out.stream().map(e -> e.file().getFileName().toString()).collect(Collectors.toSet());
        parsed.keySet().retainAll(present);
        out.sort(Comparator.comparing((Entry e) -> e.info().emails().get(0))
                .thenComparing(e -> e.info().notAfter()));
        return out;
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
        return list().stream().filter(e -> e.info().emails().contains(wanted)).map(Entry::certificate).toList();
    }

    /**
     * The certificates to encrypt for {@code email} at {@code now}: within their validity and allowed to receive
     * keys (keyEncipherment for RSA, keyAgreement for EC; emailProtection when an extended key usage is present),
     * latest-ending first. Path validation and revocation are the caller's business ({@code org.villhop.trust}).
     */
    public List<X509Certificate> findForEncryption(String email, Instant now) {
        String wanted = email.toLowerCase(Locale.ROOT);
        return list().stream()
                .filter(e -> e.info().emails().contains(wanted))
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
