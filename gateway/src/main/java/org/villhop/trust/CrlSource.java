package org.villhop.trust;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/** Where the CRLs that may cover a certificate come from (files given by the operator, distribution points...). */
public interface CrlSource {

    /**
     * The candidate CRLs for {@code cert}; the caller checks their issuer, signature and dates.
     *
     * @throws CrlUnavailableException when a CRL should exist but cannot be obtained (network, parse error)
     */
    List<X509CRL> crlsFor(X509Certificate cert) throws CrlUnavailableException;

    /** No CRL at all: every certificate's revocation status is then unknown. */
    static CrlSource none() {
        return cert -> List.of();
    }

    /** Failure to obtain a CRL, with the reason in words. */
    final class CrlUnavailableException extends Exception {
        public CrlUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
