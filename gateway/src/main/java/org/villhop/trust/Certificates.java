package org.villhop.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Reading certificates and CRLs from PEM or DER files, and small facts about certificates. */
public final class Certificates {
    private static final int SAN_EMAIL = 1;

    private Certificates() {
    }

    /** All certificates in a PEM (one or many) or DER file. */
    public static List<X509Certificate> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** All certificates in a PEM or DER stream; {@code name} is used in the error message. */
    public static List<X509Certificate> read(InputStream in, String name) throws IOException {
        try {
            Collection<? extends java.security.cert.Certificate> all = factory().generateCertificates(in);
            List<X509Certificate> certs = new ArrayList<>();
            for (java.security.cert.Certificate c : all) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new IOException(name + ": no certificate found (expected PEM or DER)");
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException(name + ": not a certificate file (expected PEM or DER): " + e.getMessage(), e);
        }
    }

    /** All CRLs in a PEM or DER file. */
    public static List<X509CRL> readCrls(Path file) throws IOException {
        return parseCrls(Files.readAllBytes(file), file.toString());
    }

    static List<X509CRL> parseCrls(byte[] bytes, String name) throws IOException {
        try {
            List<X509CRL> crls = new ArrayList<>();
            for (java.security.cert.CRL crl : factory().generateCRLs(new ByteArrayInputStream(bytes))) {
                crls.add((X509CRL) crl);
            }
            if (crls.isEmpty()) {
                throw new IOException(name + ": no CRL found (expected PEM or DER)");
            }
            return crls;
        } catch (CRLException e) {
            throw new IOException(name + ": not a CRL (expected PEM or DER): " + e.getMessage(), e);
        }
    }

    /** One certificate as PEM text. */
    public static String toPem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** The email addresses of the certificate (subjectAltName rfc822Name, else the subject's emailAddress), lower case. */
    public static List<String> emails(X509Certificate cert) {
        List<String> emails = new ArrayList<>();
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.get(0) instanceof Integer type && type == SAN_EMAIL) {
                        emails.add(name.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return emails;
        }
        if (emails.isEmpty()) {
            org.bouncycastle.asn1.x500.X500Name subject =
                    org.bouncycastle.asn1.x500.X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
            for (var rdn : subject.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.EmailAddress)) {
                emails.add(rdn.getFirst().getValue().toString().toLowerCase(Locale.ROOT));
            }
        }
        return emails;
    }

    /** The subject as people read it. */
    public static String name(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
    }

    static boolean isSelfIssued(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    }
}
