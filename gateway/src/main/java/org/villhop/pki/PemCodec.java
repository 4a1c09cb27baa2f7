package org.villhop.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.openssl.PKCS8Generator;

/**
 * Certificates, CRLs and private keys in the files people exchange: PEM (one or many blocks), DER, and PKCS#7
 * certificate bundles ({@code .p7b}, PEM or DER). Every failure names the file and says what is wrong with it.
 */
public final class PemCodec {

    private PemCodec() {
    }

    /** True when the content looks like DER (an ASN.1 SEQUENCE) rather than text. */
    public static boolean isDer(byte[] content) {
        return content.length > 1 && (content[0] & 0xff) == 0x30;
    }

    /** Every certificate in a PEM file (CERTIFICATE and PKCS7 blocks), a DER certificate or a DER PKCS#7 bundle. */
    public static List<X509Certificate> readCertificates(byte[] content, String source) {
        List<X509Certificate> out = new ArrayList<>();
        if (isDer(content)) {
            try {
                out.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(content)));
            } catch (GeneralSecurityException | RuntimeException notACertificate) {
                try {
                    out.addAll(fromPkcs7(ContentInfo.getInstance(content), source));
                } catch (RuntimeException notPkcs7) {
                    throw new PkiException(source + ": not a certificate (neither PEM, DER certificate nor PKCS#7)");
                }
            }
            return out;
        }
        for (Object o : pemObjects(content, source)) {
            if (o instanceof X509CertificateHolder holder) {
                out.add(certificate(holder, source));
            } else if (o instanceof ContentInfo info) {
                out.addAll(fromPkcs7(info, source));
            }
        }
        if (out.isEmpty()) {
            throw new PkiException(source + ": no certificate found (expected PEM 'CERTIFICATE' or 'PKCS7' blocks)");
        }
        return out;
    }

    /** A CRL in PEM ({@code X509 CRL}) or DER. */
    public static X509CRL readCrl(byte[] content, String source) {
        try {
            if (isDer(content)) {
                return new JcaX509CRLConverter().getCRL(new X509CRLHolder(content));
            }
            for (Object o : pemObjects(content, source)) {
                if (o instanceof X509CRLHolder holder) {
                    return new JcaX509CRLConverter().getCRL(holder);
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new PkiException(source + ": not a CRL (" + e.getMessage() + ")");
        }
        throw new PkiException(source + ": no CRL found (expected a PEM 'X509 CRL' block or DER)");
    }

    /** True when a PEM text holds a CRL block. */
    public static boolean looksLikeCrl(byte[] content) {
        return new String(content, 0, Math.min(content.length, 4096), StandardCharsets.US_ASCII)
                .contains("-----BEGIN X509 CRL-----");
    }

    /** A private key: PKCS#8 (plain or encrypted) or a traditional OpenSSL RSA/EC key, PEM or DER PKCS#8. */
    public static PrivateKey readPrivateKey(byte[] content, char[] password, String source) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (isDer(content)) {
                return converter.getPrivateKey(PrivateKeyInfo.getInstance(content));
            }
            for (Object o : pemObjects(content, source)) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                } else if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                } else if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    requirePassword(password, source);
                    return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password)));
                } else if (o instanceof PEMEncryptedKeyPair legacy) {
                    requirePassword(password, source);
                    return converter.getKeyPair(legacy.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password))).getPrivate();
                }
            }
        } catch (PKCSException | org.bouncycastle.openssl.EncryptionException e) {
            throw new PkiException(source + ": wrong password for this private key");
        } catch (OperatorCreationException | IOException | RuntimeException e) {
            if (e instanceof PkiException p) {
                throw p;
            }
            throw new PkiException(source + ": cannot read the private key (" + e.getMessage() + ")");
        }
        throw new PkiException(source + ": no private key found (expected a PEM 'PRIVATE KEY' block)");
    }

    private static void requirePassword(char[] password, String source) {
        if (password == null) {
            throw new PkiException(source + ": the private key is encrypted and no password was given");
        }
    }

    public static String certificatesPem(List<X509Certificate> certificates) {
        return pem(certificates.toArray());
    }

    public static String crlPem(X509CRL crl) {
        return pem(crl);
    }

    /** A private key as encrypted PKCS#8 PEM: PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256 (what openssl 3 writes). */
    public static String encryptedKeyPem(PrivateKey key, char[] password, int iterations) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(Bc.PROVIDER)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(iterations)
                    .setPassword(password)
                    .build();
            PemObject object = new PKCS8Generator(PrivateKeyInfo.getInstance(key.getEncoded()), encryptor).generate();
            return pem(object);
        } catch (OperatorCreationException | IOException e) {
            throw new PkiException("cannot encrypt the private key: " + e.getMessage(), e);
        }
    }

    private static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new PkiException("cannot write PEM: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static List<Object> pemObjects(byte[] content, String source) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(content),
                StandardCharsets.US_ASCII))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException(source + ": truncated or damaged PEM (" + e.getMessage() + ")");
        }
        return objects;
    }

    private static X509Certificate certificate(X509CertificateHolder holder, String source) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new PkiException(source + ": damaged certificate (" + e.getMessage() + ")");
        }
    }

    private static List<X509Certificate> fromPkcs7(ContentInfo info, String source) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (X509CertificateHolder h : new CMSSignedData(info).getCertificates().getMatches(null)) {
                out.add(certificate(h, source));
            }
            return out;
        } catch (CMSException | RuntimeException e) {
            throw new PkiException(source + ": damaged PKCS#7 bundle (" + e.getMessage() + ")");
        }
    }
}
