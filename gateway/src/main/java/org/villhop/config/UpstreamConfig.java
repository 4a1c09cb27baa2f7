package org.villhop.config;

import java.nio.file.Path;
import java.util.List;

import org.villhop.upstream.AfterAccept;
import org.villhop.upstream.TlsMode;

/**
 * One operator mailbox {@code villhop serve} fetches (the "IMAP relay"), from the {@code upstream:} section.
 *
 * @param name        unique short name (state and logs are keyed by it)
 * @param host        the IMAP server, checked against its certificate (trusted through {@code tls.trust-anchors})
 * @param port        its port (default 993 for implicit TLS, 143 for STARTTLS)
 * @param tls         implicit TLS or required STARTTLS
 * @param user        the login (with a certificate: the identity to act as, may be empty)
 * @param login       how villhop authenticates, with the secret's source
 * @param clientKey   the client certificate presented in the TLS handshake, or null for none
 * @param folder      the folder fetched (default INBOX)
 * @param afterAccept flag (default) or delete a message upstream once it is in the queue
 * @param recipients  the local addresses the fetched mail is delivered to
 */
public record UpstreamConfig(String name, String host, int port, TlsMode tls, String user, Login login,
                             ClientKey clientKey, String folder, AfterAccept afterAccept, List<String> recipients) {
    public UpstreamConfig {
        recipients = List.copyOf(recipients);
    }

    /** How villhop logs in ({@code auth:}). */
    public sealed interface Login {
    }

    /** {@code auth: password}: the first line of {@code passwordFile}, read at each connection. */
    public record PasswordLogin(Path passwordFile) implements Login {
    }

    /** {@code auth: certificate}: SASL EXTERNAL, the server logs villhop in as its TLS client certificate's owner. */
    public record CertificateLogin() implements Login {
    }

    /**
     * {@code auth: xoauth2}: an OAuth 2.0 access token, the first line of {@code tokenFile} or the value of the
     * environment variable {@code tokenEnv} (exactly one is set), read at each connection so that whatever refreshes
     * the token outside villhop is picked up.
     */
    public record OAuthLogin(Path tokenFile, String tokenEnv) implements Login {
    }

    /** The client certificate and key villhop presents in the TLS handshake. */
    public sealed interface ClientKey {
    }

    /** A PKCS#12 key store, and the file whose first line is its password ({@code client-keystore}). */
    public record KeystoreFile(Path keystore, Path passwordFile) implements ClientKey {
    }

    /**
     * An identity of the data directory ({@code client-identity}): {@code DATA/pki/identities/ALIAS.p12}, opened with
     * the data directory's key password (as the S/MIME keys are).
     */
    public record DataIdentity(String alias) implements ClientKey {
    }
}
