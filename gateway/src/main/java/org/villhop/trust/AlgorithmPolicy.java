package org.villhop.trust;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one algorithm allow-list of villhop. Refused, loudly: MD5 and SHA-1 (and MD2) in signatures and message digests,
 * RSA and DSA keys under 2048 bits, EC keys under 256 bits, DES, 3DES and RC2 content encryption. Every check answers
 * with the reason for a refusal, or empty when the algorithm is accepted.
 */
public final class AlgorithmPolicy {
    /** The smallest RSA modulus accepted, in bits. */
    public static final int MIN_RSA_BITS = 2048;
    /** The smallest EC field accepted, in bits. */
    public static final int MIN_EC_BITS = 256;

    /** Digest OIDs refused, with their names. */
    private static final Map<String, String> WEAK_DIGESTS = Map.of(
            "1.2.840.113549.2.2", "MD2",
            "1.2.840.113549.2.5", "MD5",
            "1.3.14.3.2.26", "SHA-1");

    /** Signature algorithm OIDs refused (digest + key algorithm combined), with their names. */
    private static final Map<String, String> WEAK_SIGNATURES = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.2", "MD2withRSA"),
            Map.entry("1.2.840.113549.1.1.4", "MD5withRSA"),
            Map.entry("1.2.840.113549.1.1.5", "SHA1withRSA"),
            Map.entry("1.3.14.3.2.29", "SHA1withRSA"),
            Map.entry("1.2.840.10045.4.1", "SHA1withECDSA"),
            Map.entry("1.2.840.10040.4.3", "SHA1withDSA"));

    /** Content encryption OIDs refused, with their names. */
    private static final Map<String, String> WEAK_CIPHERS = Map.of(
            "1.3.14.3.2.7", "DES-CBC",
            "1.2.840.113549.3.7", "3DES-CBC (DES-EDE3)",
            "1.2.840.113549.3.2", "RC2-CBC",
            "1.2.840.113549.3.4", "RC4");

    /** Content encryption OIDs accepted: AES-128/192/256 in CBC and GCM. */
    private static final Set<String> ALLOWED_CIPHERS = Set.of(
            "2.16.840.1.101.3.4.1.2", "2.16.840.1.101.3.4.1.22", "2.16.840.1.101.3.4.1.42",
            "2.16.840.1.101.3.4.1.6", "2.16.840.1.101.3.4.1.26", "2.16.840.1.101.3.4.1.46");

    /** Refusal of a certificate's own signature algorithm or public key. */
    public Optional<String> checkCertificate(X509Certificate cert) {
        Optional<String> signature = checkSignatureAlgorithm(cert.getSigAlgOID(), cert.getSigAlgName());
        if (signature.isPresent()) {
            return signature.map(s -> Certificates.name(cert) + " is signed with " + s);
        }
        return checkPublicKey(cert.getPublicKey()).map(k -> Certificates.name(cert) + " has " + k);
    }

    /** Refusal of a signature algorithm, by OID (name used only in the message). */
    public Optional<String> checkSignatureAlgorithm(String oid, String name) {
        String weak = WEAK_SIGNATURES.get(oid);
        if (weak != null) {
            return Optional.of("the refused signature algorithm " + weak + " (MD5 and SHA-1 are not accepted)");
        }
        return Optional.empty();
    }

    /** Refusal of a message digest algorithm, by OID. */
    public Optional<String> checkDigest(String oid) {
        String weak = WEAK_DIGESTS.get(oid);
        if (weak != null) {
            return Optional.of("the refused digest algorithm " + weak + " (MD5 and SHA-1 are not accepted)");
        }
        return Optional.empty();
    }

    /** Refusal of a public key too small for today. */
    public Optional<String> checkPublicKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            return Optional.of("a " + rsa.getModulus().bitLength() + "-bit RSA key (at least " + MIN_RSA_BITS
                    + " bits are required)");
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams().getP().bitLength() < MIN_RSA_BITS) {
            return Optional.of("a " + dsa.getParams().getP().bitLength() + "-bit DSA key (at least " + MIN_RSA_BITS
                    + " bits are required)");
        }
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS) {
            return Optional.of("a " + ec.getParams().getCurve().getField().getFieldSize() + "-bit EC key (at least "
                    + MIN_EC_BITS + " bits are required)");
        }
        return Optional.empty();
    }

    /** Refusal of a content encryption algorithm, by OID: only AES (CBC or GCM) is accepted. */
    public Optional<String> checkContentEncryption(String oid) {
        if (ALLOWED_CIPHERS.contains(oid)) {
            return Optional.empty();
        }
        String weak = WEAK_CIPHERS.get(oid);
        return Optional.of("the refused content encryption " + (weak != null ? weak : "algorithm " + oid)
                + " (only AES-CBC and AES-GCM are accepted)");
    }
}
