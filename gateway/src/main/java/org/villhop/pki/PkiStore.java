package org.villhop.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The certificates and keys of one data directory ({@code DATA/pki}, see docs/data-directory.md):
 * <pre>
 *   pki/ca/          the CA: root and intermediate certificates (PEM) and keys (PKCS#12), index.tsv, CRLs
 *   pki/identities/  the gateway's own identities: ALIAS.p12 (key + chain, encrypted) and ALIAS.pem (chain)
 *   pki/anchors/     trust anchors, one PEM certificate per file
 *   pki/crls/        CRLs used for revocation checks, PEM or DER, any name ending .crl or .pem
 * </pre>
 * Reading certificates needs no password; only private keys are encrypted.
 */
public final class PkiStore {
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._-]{0,127}");

    /** An identity as listed without its password: alias and certificate chain. */
    public record StoredIdentity(String alias, List<X509Certificate> chain) {
        public StoredIdentity {
            chain = List.copyOf(chain);
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }
    }

    private final Path pki;
    private final Pkcs12Codec pkcs12;

    public PkiStore(Path dataDirectory) {
        this(dataDirectory, new Pkcs12Codec());
    }

    public PkiStore(Path dataDirectory, Pkcs12Codec pkcs12) {
        this.pki = dataDirectory.resolve("pki");
        this.pkcs12 = pkcs12;
    }

    public Path caDirectory() {
        return pki.resolve("ca");
    }

    public Path identitiesDirectory() {
        return pki.resolve("identities");
    }

    public Path anchorsDirectory() {
        return pki.resolve("anchors");
    }

    public Path crlsDirectory() {
        return pki.resolve("crls");
    }

    public Pkcs12Codec pkcs12() {
        return pkcs12;
    }

    public static String checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new PkiException("bad alias '" + alias + "': use letters, digits and @ . _ - (at most 128)");
        }
        return alias;
    }

    /** Stores an identity as ALIAS.p12 (encrypted with {@code password}) and ALIAS.pem (its chain). */
    public void saveIdentity(Identity identity, char[] password, boolean replace) {
        String alias = checkAlias(identity.alias());
        Path p12 = identitiesDirectory().resolve(alias + ".p12");
        if (!replace && Files.exists(p12)) {
            throw new PkiException("an identity named '" + alias + "' already exists (choose another --alias)");
        }
        AtomicFiles.write(p12, pkcs12.write(identity, password));
        AtomicFiles.writePublic(identitiesDirectory().resolve(alias + ".pem"),
                PemCodec.certificatesPem(identity.chain()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Every identity's alias and chain, sorted by alias. */
    public List<StoredIdentity> identities() {
        List<StoredIdentity> out = new ArrayList<>();
        for (Path pem : files(identitiesDirectory(), ".pem")) {
            String name = pem.getFileName().toString();
            out.add(new StoredIdentity(name.substring(0, name.length() - 4),
                    PemCodec.readCertificates(read(pem), pem.toString())));
        }
        return out;
    }

    /**
     * The identity whose alias is {@code aliasOrEmail}, else the one whose certificate carries that email address in
     * its subjectAltName (the latest-ending when several do).
     */
    public Optional<StoredIdentity> findIdentity(String aliasOrEmail) {
        List<StoredIdentity> all = identities();
        for (StoredIdentity s : all) {
            if (s.alias().equals(aliasOrEmail)) {
                return Optional.of(s);
            }
        }
        String email = aliasOrEmail.toLowerCase(Locale.ROOT);
        return all.stream()
                .filter(s -> CertificateInfo.of(s.certificate()).emails().contains(email))
                .max(Comparator.comparing(s -> s.certificate().getNotAfter()));
    }

    /** Loads the private key and chain of an identity by alias or email address. */
    public Identity loadIdentity(String aliasOrEmail, char[] password) {
        StoredIdentity stored = findIdentity(aliasOrEmail).orElseThrow(
                () -> new PkiException("no identity named or addressed '" + aliasOrEmail + "' in " + identitiesDirectory()));
        Path p12 = identitiesDirectory().resolve(stored.alias() + ".p12");
        Identity read = pkcs12.read(read(p12), password, p12.toString()).get(0);
        return new Identity(stored.alias(), read.privateKey(), stored.chain());
    }

    public void removeIdentity(String alias) {
        try {
            boolean any = Files.deleteIfExists(identitiesDirectory().resolve(checkAlias(alias) + ".p12"));
            any |= Files.deleteIfExists(identitiesDirectory().resolve(alias + ".pem"));
            if (!any) {
                throw new PkiException("no identity named '" + alias + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores a CA key as pki/ca/ROLE.p12 and its certificate as pki/ca/ROLE.pem. */
    void saveCaKey(String role, Identity key, char[] password) {
        AtomicFiles.write(caDirectory().resolve(role + ".p12"), pkcs12.write(key, password));
        AtomicFiles.writePublic(caDirectory().resolve(role + ".pem"),
                PemCodec.certificatesPem(List.of(key.certificate())).getBytes(StandardCharsets.US_ASCII));
    }

    Identity loadCaKey(String role, char[] password) {
        Path p12 = caDirectory().resolve(role + ".p12");
        return pkcs12.read(read(p12), password, p12.toString()).get(0);
    }

    /** Adds a CA certificate to the trust anchors (file named by its SHA-256 fingerprint); returns the file. */
    public Path addTrustAnchor(X509Certificate anchor) {
        if (anchor.getBasicConstraints() < 0) {
            throw new PkiException("not a CA certificate, refusing it as a trust anchor: "
                    + anchor.getSubjectX500Principal().getName());
        }
        Path file = anchorsDirectory().resolve(CertificateInfo.of(anchor).fingerprintHex() + ".pem");
        AtomicFiles.writePublic(file, PemCodec.certificatesPem(List.of(anchor)).getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    /** The trust anchors: every certificate in every {@code .pem}/{@code .crt} file of pki/anchors. */
    public List<X509Certificate> trustAnchors() {
        List<X509Certificate> out = new ArrayList<>();
        for (Path f : files(anchorsDirectory(), ".pem", ".crt")) {
            out.addAll(PemCodec.readCertificates(read(f), f.toString()));
        }
        return out;
    }

    /** The CRL files in pki/crls (PEM or DER), sorted by name. */
    public List<Path> crlFiles() {
        return files(crlsDirectory(), ".crl", ".pem", ".der");
    }

    /** Every CRL of pki/crls, parsed. */
    public List<X509CRL> crls() {
        return crlFiles().stream().map(f -> PemCodec.readCrl(read(f), f.toString())).toList();
    }

    /** Writes a CRL to pki/crls/NAME.crl (PEM). */
    public Path saveCrl(String name, X509CRL crl) {
        Path file = crlsDirectory().resolve(checkAlias(name) + ".crl");
        AtomicFiles.writePublic(file, PemCodec.crlPem(crl).getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> files(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(x -> f.getFileName().toString().endsWith(x)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
