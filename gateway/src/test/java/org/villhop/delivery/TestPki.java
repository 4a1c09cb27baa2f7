package org.villhop.delivery;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away PKI for TLS tests: a CA, server certificates with chosen names, a client certificate. */
final class TestPki {
    static final char[] PASSWORD = "test-only".toCharArray();
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final X500Name caName;
    private long serial = 1;

    TestPki(String caName) throws Exception {
        caKeys = keyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + caName);
        this.caName = name;
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial++),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name,
                caKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = sign(builder, caKeys);
    }

    X509Certificate caCertificate() {
        return ca;
    }

    /** A key store holding a key and a certificate issued by this CA for the given DNS names (and 127.0.0.1). */
    KeyStore issue(String commonName, List<String> dnsNames, KeyPurposeId purpose) throws Exception {
        KeyPair keys = keyPair();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(++serial), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name("CN=" + commonName), keys.getPublic());
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (!dnsNames.isEmpty()) {
            GeneralName[] names = new GeneralName[dnsNames.size() + 1];
            for (int i = 0; i < dnsNames.size(); i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames.get(i));
            }
            names[dnsNames.size()] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        X509Certificate cert = sign(builder, caKeys);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", keys.getPrivate(), PASSWORD, new X509Certificate[] {cert, ca});
        return store;
    }

    KeyStore issueServer(String... dnsNames) throws Exception {
        return issue(dnsNames[0], List.of(dnsNames), KeyPurposeId.id_kp_serverAuth);
    }

    KeyStore issueClient(String commonName) throws Exception {
        return issue(commonName, List.of(), KeyPurposeId.id_kp_clientAuth);
    }

    KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        return store;
    }

    /** A server-side TLS context with this key store, trusting this CA for client certificates. */
    SSLContext serverContext(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** The client material of a gateway presenting {@code clientKeys} and trusting this CA. */
    TlsClientMaterial clientMaterial(KeyStore clientKeys) throws Exception {
        return TlsClientMaterial.fromKeyStores(clientKeys, PASSWORD, trustStore());
    }

    /** A CRL of this CA listing the certificates (first entry of each key store) as revoked, keyCompromise. */
    X509CRL crl(KeyStore... revoked) throws Exception {
        Instant now = Instant.now();
        var builder = new X509v2CRLBuilder(caName, Date.from(now.minus(1, ChronoUnit.HOURS)));
        builder.setNextUpdate(Date.from(now.plus(1, ChronoUnit.DAYS)));
        for (KeyStore store : revoked) {
            X509Certificate cert = (X509Certificate) store.getCertificate("key");
            builder.addCRLEntry(cert.getSerialNumber(), Date.from(now.minus(1, ChronoUnit.MINUTES)),
                    CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().getCRL(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    /** Writes objects (certificates, CRLs) as PEM. */
    static void writePem(Path file, Object... objects) throws Exception {
        try (JcaPEMWriter pem = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        }
    }

    /** Writes the key store's certificate chain and (unencrypted, test only) private key as PEM files. */
    static void writePemIdentity(KeyStore store, Path certificates, Path key) throws Exception {
        writePem(certificates, (Object[]) store.getCertificateChain("key"));
        writePem(key, new JcaPKCS8Generator((java.security.PrivateKey) store.getKey("key", PASSWORD), null));
    }

    static void writeKeyStore(Path file, KeyStore store) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }
}
