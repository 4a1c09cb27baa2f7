package org.villhop.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;

/**
 * A two-level certificate authority kept in {@code DATA/pki/ca}: a self-signed root that signs one intermediate, which
 * signs the end-entity certificates. Serial numbers are 127 random bits, checked unique against the CA's index. Every
 * time comes from the injected clock.
 */
public final class CertificateAuthority {
    static final String ROOT = "root";
    static final String INTERMEDIATE = "intermediate";

    private final PkiStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final CaIndex index;
    private final X509Certificate root;
    private final X509Certificate intermediate;
    private final Properties settings;

    private CertificateAuthority(PkiStore store, Clock clock, SecureRandom random, X509Certificate root,
                                 X509Certificate intermediate, Properties settings) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.index = new CaIndex(store.caDirectory().resolve("index.tsv"));
        this.root = root;
        this.intermediate = intermediate;
        this.settings = settings;
    }

    /** Creates the root and the intermediate, makes the root a trust anchor and publishes empty CRLs. */
    public static CertificateAuthority init(PkiStore store, CaSettings s, char[] password, Clock clock,
                                            SecureRandom random) {
        Path dir = store.caDirectory();
        if (Files.exists(dir.resolve("root.pem"))) {
            throw new PkiException("a CA already exists in " + dir + " (remove that directory to start over)");
        }
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofDays(s.days()));
        KeyPair rootKeys = s.keyAlgorithm().generate(random);
        X509Certificate root = CertificateMaker.selfSignedCa(CertificateMaker.name(s.rootName(), s.organisation()),
                rootKeys.getPublic(), rootKeys.getPrivate(), serial(random), start, end);
        KeyPair interKeys = s.keyAlgorithm().generate(random);
        BigInteger interSerial = serial(random);
        X509Certificate intermediate = CertificateMaker.intermediateCa(
                CertificateMaker.name(s.intermediateName(), s.organisation()), interKeys.getPublic(), root,
                rootKeys.getPrivate(), interSerial, start, end, s.rootCrlUrl());

        store.saveCaKey(ROOT, new Identity(ROOT, rootKeys.getPrivate(), List.of(root)), password);
        store.saveCaKey(INTERMEDIATE, new Identity(INTERMEDIATE, interKeys.getPrivate(), List.of(intermediate, root)),
                password);
        Properties settings = new Properties();
        settings.setProperty("crl.root.url", s.rootCrlUrl());
        settings.setProperty("crl.intermediate.url", s.intermediateCrlUrl());
        settings.setProperty("crl.number", "0");
        writeSettings(dir, settings);
        store.addTrustAnchor(root);

        CertificateAuthority ca = new CertificateAuthority(store, clock, random, root, intermediate, settings);
        ca.index.add(new CaIndex.Entry(interSerial, ROOT, end, null, null,
                intermediate.getSubjectX500Principal().getName()));
        ca.publishCrls(Duration.ofDays(30), password);
        return ca;
    }

    /** Opens the CA of a data directory (no password needed until it signs). */
    public static CertificateAuthority open(PkiStore store, Clock clock, SecureRandom random) {
        Path dir = store.caDirectory();
        if (!Files.exists(dir.resolve("root.pem")) || !Files.exists(dir.resolve("intermediate.pem"))) {
            throw new PkiException("no CA in " + dir + " (create one with 'villhop cert ca init')");
        }
        X509Certificate root = PemCodec.readCertificates(PkiStore.read(dir.resolve("root.pem")), "root.pem").get(0);
        X509Certificate inter = PemCodec.readCertificates(PkiStore.read(dir.resolve("intermediate.pem")),
                "intermediate.pem").get(0);
        Properties settings = new Properties();
        try {
            settings.load(new StringReader(Files.readString(dir.resolve("ca.properties"), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("ca.properties") + ": " + e.getMessage(), e);
        }
        return new CertificateAuthority(store, clock, random, root, inter, settings);
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    /** Generates a key pair and issues a certificate for it; the returned identity holds leaf, intermediate, root. */
    public Identity issue(String alias, IssueRequest request, KeyAlgorithm keyAlgorithm, char[] password) {
        PkiStore.checkAlias(alias);
        Identity signer = store.loadCaKey(INTERMEDIATE, password);
        if (request.notAfter().isAfter(intermediate.getNotAfter().toInstant())) {
            throw new PkiException("the certificate would outlive its CA (which ends "
                    + intermediate.getNotAfter().toInstant() + ")");
        }
        KeyPair keys = keyAlgorithm.generate(random);
        BigInteger serial = uniqueSerial();
        X509Certificate certificate = CertificateMaker.endEntity(request, keys.getPublic(), intermediate,
                signer.privateKey(), serial, settings.getProperty("crl.intermediate.url"));
        index.add(new CaIndex.Entry(serial, INTERMEDIATE, request.notAfter(), null, null,
                certificate.getSubjectX500Principal().getName()));
        return new Identity(alias, keys.getPrivate(), List.of(certificate, intermediate, root));
    }

    /** Marks a certificate this CA issued as revoked (publish the CRLs afterwards). */
    public void revoke(BigInteger serial, RevocationReason reason) {
        CaIndex.Entry entry = index.find(serial).orElseThrow(() -> new PkiException(
                "this CA issued no certificate with serial " + serial.toString(16)));
        if (entry.revoked()) {
            throw new PkiException("certificate " + serial.toString(16) + " is already revoked ("
                    + entry.reason().label() + ", " + entry.revokedAt() + ")");
        }
        index.replace(new CaIndex.Entry(serial, entry.issuer(), entry.notAfter(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS), reason, entry.subject()));
    }

    /**
     * Signs and writes both CRLs (root's and intermediate's) with a nextUpdate {@code validity} ahead: to
     * {@code pki/ca/ROLE.crl.pem}, {@code .crl.der} and {@code pki/crls/villhop-ROLE.crl}. Returns [root, intermediate].
     */
    public List<X509CRL> publishCrls(Duration validity, char[] password) {
        if (validity.isNegative() || validity.isZero()) {
            throw new PkiException("the CRL's next update must be in the future");
        }
        Identity rootKey = store.loadCaKey(ROOT, password);
        Identity interKey = store.loadCaKey(INTERMEDIATE, password);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        BigInteger number = new BigInteger(settings.getProperty("crl.number", "0")).add(BigInteger.ONE);
        settings.setProperty("crl.number", number.toString());
        writeSettings(store.caDirectory(), settings);
        List<CaIndex.Entry> all = index.entries();
        X509CRL rootCrl = CertificateMaker.crl(root, rootKey.privateKey(),
                all.stream().filter(e -> e.revoked() && e.issuer().equals(ROOT)).toList(), number, now,
                now.plus(validity));
        X509CRL interCrl = CertificateMaker.crl(intermediate, interKey.privateKey(),
                all.stream().filter(e -> e.revoked() && e.issuer().equals(INTERMEDIATE)).toList(), number, now,
                now.plus(validity));
        writeCrl(ROOT, rootCrl);
        writeCrl(INTERMEDIATE, interCrl);
        return List.of(rootCrl, interCrl);
    }

    private void writeCrl(String role, X509CRL crl) {
        try {
            AtomicFiles.writePublic(store.caDirectory().resolve(role + ".crl.pem"),
                    PemCodec.crlPem(crl).getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.writePublic(store.caDirectory().resolve(role + ".crl.der"), crl.getEncoded());
        } catch (java.security.cert.CRLException e) {
            throw new PkiException("cannot encode the CRL: " + e.getMessage(), e);
        }
        store.saveCrl("villhop-" + role, crl);
    }

    private BigInteger uniqueSerial() {
        BigInteger serial = serial(random);
        while (index.contains(serial)) {
            serial = serial(random);
        }
        return serial;
    }

    /** 127 random bits: positive, never zero, at most 16 bytes (RFC 5280 allows 20). */
    static BigInteger serial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(127, random);
        } while (serial.bitLength() < 64);
        return serial;
    }

    private static void writeSettings(Path dir, Properties settings) {
        StringWriter text = new StringWriter();
        try {
            settings.store(text, "villhop CA settings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(dir.resolve("ca.properties"), text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
