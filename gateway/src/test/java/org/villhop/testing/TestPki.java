package org.villhop.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small test PKI made with BouncyCastle: a root and an intermediate CA (RSA-2048 or EC P-256) and end-entity
 * certificates with their email in subjectAltName, plus the bad ones tests need. Keys are reused across certificates
 * of the same kind to keep tests fast.
 */
public final class TestPki {
    public static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** A certificate with its private key and its chain above it (intermediate, root). */
    public record Issued(X509Certificate cert, PrivateKey key, List<X509Certificate> chain) {
        public List<X509Certificate> withChain() {
            List<X509Certificate> all = new ArrayList<>();
            all.add(cert);
            all.addAll(chain);
            return all;
        }
    }

    /** What to put in an end-entity certificate. */
    public record Spec(String email, Instant notBefore, Instant notAfter, int keyUsage, KeyPurposeId eku,
            String signatureAlgorithm, KeyPair keyPair, String crlUri, String ocspUri) {
        public Spec withValidity(Instant from, Instant to) {
            return new Spec(email, from, to, keyUsage, eku, signatureAlgorithm, keyPair, crlUri, ocspUri);
        }

        public Spec withKeyUsage(int usage) {
            return new Spec(email, notBefore, notAfter, usage, eku, signatureAlgorithm, keyPair, crlUri, ocspUri);
        }

        public Spec withSignatureAlgorithm(String algorithm) {
            return new Spec(email, notBefore, notAfter, keyUsage, eku, algorithm, keyPair, crlUri, ocspUri);
        }

        public Spec withKeyPair(KeyPair pair) {
            return new Spec(email, notBefore, notAfter, keyUsage, eku, signatureAlgorithm, pair, crlUri, ocspUri);
        }

        public Spec withCrlUri(String uri) {
            return new Spec(email, notBefore, notAfter, keyUsage, eku, signatureAlgorithm, keyPair, uri, ocspUri);
        }

        /** An Authority Information Access naming this OCSP responder. */
        public Spec withOcspUri(String uri) {
            return new Spec(email, notBefore, notAfter, keyUsage, eku, signatureAlgorithm, keyPair, crlUri, uri);
        }

        public Spec withExtendedKeyUsage(KeyPurposeId purpose) {
            return new Spec(email, notBefore, notAfter, keyUsage, purpose, signatureAlgorithm, keyPair, crlUri,
                    ocspUri);
        }
    }

    private final Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private final boolean ec;
    private final String name;
    private final AtomicLong serials = new AtomicLong(1000);
    private final KeyPair endEntityKeys;
    private final Issued root;
    private final Issued intermediate;
    private final List<BigInteger> revoked = new ArrayList<>();

    private TestPki(String name, boolean ec) throws Exception {
        this.ec = ec;
        this.name = name;
        this.endEntityKeys = generate(ec);
        KeyPair rootKeys = generate(ec);
        X500Principal rootName = new X500Principal("CN=" + name + " Root CA,O=Villhop Test,C=FR");
        X509Certificate rootCert = ca(rootName, rootKeys, rootName, rootKeys.getPrivate(), 1);
        this.root = new Issued(rootCert, rootKeys.getPrivate(), List.of());
        KeyPair intKeys = generate(ec);
        X509Certificate intCert = ca(new X500Principal("CN=" + name + " Intermediate CA,O=Villhop Test,C=FR"),
                intKeys, rootName, rootKeys.getPrivate(), 0);
        this.intermediate = new Issued(intCert, intKeys.getPrivate(), List.of(rootCert));
    }

    public static TestPki rsa(String name) throws Exception {
        return new TestPki(name, false);
    }

    public static TestPki ec(String name) throws Exception {
        return new TestPki(name, true);
    }

    /** The instant the PKI was made: certificates and CRLs are current then; tests pin their clock to it. */
    public Instant now() {
        return now;
    }

    public Issued root() {
        return root;
    }

    public Issued intermediate() {
        return intermediate;
    }

    public boolean isEc() {
        return ec;
    }

    /** A good S/MIME spec for {@code email}: valid around {@link #now()}, signing and encryption usages. */
    public Spec spec(String email) {
        int usage = KeyUsage.digitalSignature | KeyUsage.nonRepudiation
                | (ec ? KeyUsage.keyAgreement : KeyUsage.keyEncipherment);
        return new Spec(email, now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(365)), usage,
                KeyPurposeId.id_kp_emailProtection, ec ? "SHA256withECDSA" : "SHA256withRSA", endEntityKeys, null,
                null);
    }

    public Issued person(String email) throws Exception {
        return issue(spec(email));
    }

    public Issued issue(Spec spec) throws Exception {
        BigInteger serial = BigInteger.valueOf(serials.incrementAndGet());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(intermediate.cert(), serial,
                Date.from(spec.notBefore()), Date.from(spec.notAfter()),
                new X500Principal("CN=" + spec.email() + ",O=" + name + ",C=FR"), spec.keyPair().getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(spec.keyUsage()));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(spec.eku()));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, spec.email())));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                utils.createSubjectKeyIdentifier(spec.keyPair().getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(intermediate.cert()));
        if (spec.crlUri() != null) {
            builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, spec.crlUri()))), null, null)}));
        }
        if (spec.ocspUri() != null) {
            builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    new AccessDescription(AccessDescription.id_ad_ocsp,
                            new GeneralName(GeneralName.uniformResourceIdentifier, spec.ocspUri()))));
        }
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(spec.signatureAlgorithm()).setProvider(BC)
                        .build(intermediate.key())));
        return new Issued(cert, spec.keyPair().getPrivate(), List.of(intermediate.cert(), root.cert()));
    }

    /** Marks a certificate revoked in the intermediate's CRL. */
    public void revoke(X509Certificate cert) {
        revoked.add(cert.getSerialNumber());
    }

    /** The root's CRL (empty) and the intermediate's CRL (with the revoked serials), both current at {@link #now()}. */
    public List<X509CRL> crls() throws Exception {
        return List.of(crl(root, List.of()), crl(intermediate, revoked));
    }

    /** The intermediate's CRL only. */
    public X509CRL intermediateCrl() throws Exception {
        return crl(intermediate, revoked);
    }

    public X509CRL rootCrl() throws Exception {
        return crl(root, List.of());
    }

    private X509CRL crl(Issued issuer, List<BigInteger> serials) throws Exception {
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer.cert(), Date.from(now.minus(Duration.ofDays(1))));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(30))));
        for (BigInteger serial : serials) {
            builder.addCRLEntry(serial, Date.from(now.minus(Duration.ofDays(2))), CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().getCRL(builder.build(
                new JcaContentSignerBuilder(ec ? "SHA256withECDSA" : "SHA256withRSA").setProvider(BC)
                        .build(issuer.key())));
    }

    /** A fresh RSA key pair of {@code bits}. */
    public static KeyPair rsaKeys(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits, new SecureRandom());
        return generator.generateKeyPair();
    }

    private static KeyPair generate(boolean ec) throws Exception {
        if (ec) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        return rsaKeys(2048);
    }

    private X509Certificate ca(X500Principal subject, KeyPair keys, X500Principal issuer, PrivateKey issuerKey,
            int pathLength) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(Duration.ofDays(3650))),
                Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(ec ? "SHA256withECDSA" : "SHA256withRSA").setProvider(BC)
                        .build(issuerKey)));
    }

    /** Writes certificates (and CRLs, keys) as PEM. */
    public static Path writePem(Path file, Object... objects) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            for (Object object : objects) {
                if (object instanceof List<?> list) {
                    for (Object o : list) {
                        pem.writeObject(o);
                    }
                } else if (object instanceof PrivateKey key) {
                    pem.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
                } else {
                    pem.writeObject(object);
                }
            }
        }
        return file;
    }

    /** Writes a PKCS#12 file (the JDK's default: AES-256, PBKDF2) with the key and its chain. */
    public static Path writePkcs12(Path file, Issued issued, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", issued.key(), password, issued.withChain().toArray(new X509Certificate[0]));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }
}
