package org.villhop.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain (end entity first, then the issuers up to, possibly, the root), under an
 * alias. What the gateway signs, decrypts and presents TLS client/server certificates with.
 */
public record Identity(String alias, PrivateKey privateKey, List<X509Certificate> chain) {

    public Identity {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new PkiException("an identity needs at least its own certificate");
        }
    }

    /** The end-entity certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The email addresses in the certificate's subjectAltName. */
    public List<String> emails() {
        return CertificateInfo.of(certificate()).emails();
    }

    @Override
    public String toString() {
        return "Identity[" + alias + ", " + certificate().getSubjectX500Principal().getName() + "]";
    }
}
