package org.villhop.upstream;

import java.util.function.Supplier;

/** How villhop authenticates to the operator's IMAP server; always after TLS. */
public sealed interface UpstreamCredentials {

    /** LOGIN / AUTHENTICATE PLAIN with a password; the supplier is called at each connection. */
    record Password(Supplier<char[]> password) implements UpstreamCredentials {
    }

    /**
     * TLS client authentication: the certificate and key come from the caller's SSLContext (its KeyManager), then
     * SASL EXTERNAL asks the server to log in as the certificate's identity (RFC 4422 appendix A).
     */
    record ClientCertificate() implements UpstreamCredentials {
    }

    /** AUTHENTICATE XOAUTH2 with a bearer token from {@code tokens}. */
    record XOAuth2(TokenSupplier tokens) implements UpstreamCredentials {
    }
}
