package org.villhop.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a person wants to see of a certificate: names, addresses, usages, validity and fingerprint. */
public record CertificateInfo(String subject, String issuer, BigInteger serial, List<String> emails,
                              List<String> dnsNames, List<String> ipAddresses, List<String> keyUsage,
                              List<String> extendedKeyUsage, boolean ca, String key, Instant notBefore,
                              Instant notAfter, String sha256Fingerprint) {

    private static final String[] KEY_USAGE_NAMES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
            "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    private static final Map<String, String> EKU_NAMES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth", "1.3.6.1.5.5.7.3.2", "clientAuth",
            "1.3.6.1.5.5.7.3.4", "emailProtection", "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.8", "timeStamping", "1.3.6.1.5.5.7.3.9", "OCSPSigning");

    public CertificateInfo {
        emails = List.copyOf(emails);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        keyUsage = List.copyOf(keyUsage);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
    }

    public static CertificateInfo of(X509Certificate c) {
        List<String> emails = new ArrayList<>();
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> names = c.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> n : names) {
                    int type = (Integer) n.get(0);
                    String value = String.valueOf(n.get(1));
                    switch (type) {
                        case 1 -> emails.add(value.toLowerCase(Locale.ROOT));
                        case 2 -> dns.add(value);
                        case 7 -> ips.add(value);
                        default -> { }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new PkiException("damaged subjectAltName in " + c.getSubjectX500Principal() + ": " + e.getMessage());
        }
        List<String> usage = new ArrayList<>();
        boolean[] bits = c.getKeyUsage();
        if (bits != null) {
            for (int i = 0; i < bits.length && i < KEY_USAGE_NAMES.length; i++) {
                if (bits[i]) {
                    usage.add(KEY_USAGE_NAMES[i]);
                }
            }
        }
        List<String> eku = new ArrayList<>();
        try {
            List<String> oids = c.getExtendedKeyUsage();
            if (oids != null) {
                oids.forEach(o -> eku.add(EKU_NAMES.getOrDefault(o, o)));
            }
        } catch (CertificateParsingException e) {
            throw new PkiException("damaged extendedKeyUsage in " + c.getSubjectX500Principal());
        }
        return new CertificateInfo(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                c.getSerialNumber(), emails, dns, ips, usage, eku, c.getBasicConstraints() >= 0, describeKey(c),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), fingerprint(c));
    }

    /** SHA-256 of the DER encoding, upper-case hex bytes separated by colons (as openssl prints it). */
    public static String fingerprint(X509Certificate c) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot fingerprint certificate: " + e.getMessage(), e);
        }
    }

    /** The fingerprint as plain lower-case hex, usable as a file name. */
    public String fingerprintHex() {
        return sha256Fingerprint.replace(":", "").toLowerCase(Locale.ROOT);
    }

    public boolean expiredAt(Instant now) {
        return now.isAfter(notAfter);
    }

    /** True when the certificate ends within {@code window} of {@code now} (or already has). */
    public boolean expiresWithin(Instant now, Duration window) {
        return !notAfter.isAfter(now.plus(window));
    }

    private static String describeKey(X509Certificate c) {
        if (c.getPublicKey() instanceof RSAPublicKey rsa) {
            return "RSA-" + rsa.getModulus().bitLength();
        }
        if (c.getPublicKey() instanceof ECPublicKey ec) {
            return "EC-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        return c.getPublicKey().getAlgorithm();
    }

    /** One JSON object (no external library: every value is a string, number, boolean or list of strings). */
    public String toJson(Map<String, String> extra) {
        StringBuilder b = new StringBuilder("{");
        extra.forEach((k, v) -> b.append(Json.string(k)).append(':').append(Json.string(v)).append(','));
        b.append("\"subject\":").append(Json.string(subject))
                .append(",\"issuer\":").append(Json.string(issuer))
                .append(",\"serial\":").append(Json.string(serial.toString(16)))
                .append(",\"emails\":").append(Json.list(emails))
                .append(",\"dnsNames\":").append(Json.list(dnsNames))
                .append(",\"ipAddresses\":").append(Json.list(ipAddresses))
                .append(",\"keyUsage\":").append(Json.list(keyUsage))
                .append(",\"extendedKeyUsage\":").append(Json.list(extendedKeyUsage))
                .append(",\"ca\":").append(ca)
                .append(",\"key\":").append(Json.string(key))
                .append(",\"notBefore\":").append(Json.string(notBefore.toString()))
                .append(",\"notAfter\":").append(Json.string(notAfter.toString()))
                .append(",\"sha256\":").append(Json.string(sha256Fingerprint))
                .append('}');
        return b.toString();
    }
}
