package org.villhop.pki;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Orders loose certificates into a chain and pairs a private key with its certificate. */
public final class CertificateChains {
    private CertificateChains() {
    }

    /** The leaf followed by its issuers found in {@code pool} (by name and signature), up to a self-signed one. */
    public static List<X509Certificate> chain(X509Certificate leaf, Collection<X509Certificate> pool) {
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        X509Certificate current = leaf;
        while (!isSelfIssued(current) && chain.size() < 10) {
            X509Certificate issuer = issuerOf(current, pool);
            if (issuer == null || chain.contains(issuer)) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    /** An identity from a private key and loose certificates: the one matching the key becomes the leaf. */
    public static Identity identity(String alias, PrivateKey key, Collection<X509Certificate> certificates,
                                    String source) {
        for (X509Certificate c : certificates) {
            if (KeyPairCheck.matches(key, c.getPublicKey())) {
                return new Identity(alias, key, chain(c, certificates));
            }
        }
        throw new PkiException(source + ": the private key matches none of the certificates given");
    }

    /** A name for a certificate usable as an alias: its first email, else DNS name, else common name. */
    public static String suggestedAlias(X509Certificate c) {
        CertificateInfo info = CertificateInfo.of(c);
        String base = !info.emails().isEmpty() ? info.emails().get(0)
                : !info.dnsNames().isEmpty() ? info.dnsNames().get(0)
                : commonName(c);
        String alias = base.replaceAll("[^A-Za-z0-9@._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return alias.isEmpty() ? info.fingerprintHex().substring(0, 16) : alias.toLowerCase(Locale.ROOT);
    }

    static boolean isSelfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private static X509Certificate issuerOf(X509Certificate c, Collection<X509Certificate> pool) {
        for (X509Certificate candidate : pool) {
            if (candidate != c && candidate.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                try {
                    c.verify(candidate.getPublicKey());
                    return candidate;
                } catch (GeneralSecurityException e) {
                    // same name, different key: keep looking
                }
            }
        }
        return null;
    }

    private static String commonName(X509Certificate c) {
        for (String part : c.getSubjectX500Principal().getName().split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return "";
    }
}
