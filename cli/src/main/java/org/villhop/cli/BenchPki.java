package org.villhop.cli;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.villhop.smime.SmimeIdentity;

/**
 * Throwaway RSA-2048 certificates made in memory for {@code villhop bench smime}: a root, a sender and a recipient,
 * and the root's CRL. Never written anywhere; not a CA (see {@code villhop cert} for that).
 */
record BenchPki(X509Certificate root, SmimeIdentity sender, SmimeIdentity recipient, X509CRL crl) {

    static BenchPki create(Instant now) throws GeneralSecurityException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair rootKeys = generator.generateKeyPair();
            X500Principal rootName = new X500Principal("CN=villhop bench root (throwaway)");
            JcaX509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(rootName, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), rootName,
                    rootKeys.getPublic());
            rootBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            rootBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate root = sign(rootBuilder, rootKeys.getPrivate());
            SmimeIdentity sender = person(generator.generateKeyPair(), "sender@bench.test", 2, root, rootKeys, now);
            SmimeIdentity recipient = person(generator.generateKeyPair(), "recipient@bench.test", 3, root, rootKeys,
                    now);
            JcaX509v2CRLBuilder crl = new JcaX509v2CRLBuilder(root, Date.from(now.minus(Duration.ofHours(1))));
            crl.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
            X509CRL rootCrl = new JcaX509CRLConverter().getCRL(crl.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(rootKeys.getPrivate())));
            return new BenchPki(root, sender, recipient, rootCrl);
        } catch (OperatorCreationException | CertIOException e) {
            throw new GeneralSecurityException("cannot make the benchmark certificates", e);
        }
    }

    private static SmimeIdentity person(KeyPair keys, String email, long serial, X509Certificate root,
            KeyPair rootKeys, Instant now) throws CertIOException, OperatorCreationException,
            GeneralSecurityException {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, BigInteger.valueOf(serial),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Principal("CN=" + email), keys.getPublic());
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                KeyPurposeId.id_kp_emailProtection));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
        return new SmimeIdentity(keys.getPrivate(), List.of(sign(builder, rootKeys.getPrivate()), root));
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    }
}
