package org.villhop.pki;

import java.util.Objects;

/**
 * How {@code ca init} builds the CA: key type, names, lifetime in days of the root and intermediate, and the base URL
 * where the CRLs are published ({@code BASE/root.crl} for the intermediate, {@code BASE/intermediate.crl} for end
 * entities; written into each certificate's CRL distribution point).
 */
public record CaSettings(KeyAlgorithm keyAlgorithm, String rootName, String intermediateName, String organisation,
                         int days, String crlBaseUrl) {
    public CaSettings {
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        if (rootName == null || rootName.isBlank() || intermediateName == null || intermediateName.isBlank()) {
            throw new PkiException("the root and intermediate CA need names");
        }
        if (days < 1) {
            throw new PkiException("the CA's validity must be at least one day, not " + days);
        }
        if (crlBaseUrl == null || !crlBaseUrl.matches("(?i)(https?|ldap|file)://\\S+")) {
            throw new PkiException("the CRL base URL must be an http(s), ldap or file URL: " + crlBaseUrl);
        }
        crlBaseUrl = crlBaseUrl.endsWith("/") ? crlBaseUrl.substring(0, crlBaseUrl.length() - 1) : crlBaseUrl;
    }

    String rootCrlUrl() {
        return crlBaseUrl + "/root.crl";
    }

    String intermediateCrlUrl() {
        return crlBaseUrl + "/intermediate.crl";
    }
}
