package org.villhop.config;

import java.nio.file.Path;

/**
 * One SMTP listener.
 *
 * @param name              unique name, used in logs
 * @param kind              mx (port 25 role: peers relay in), submission (STARTTLS + AUTH), submissions (implicit TLS),
 *                          imap (STARTTLS required before login), imaps (implicit TLS): the local mailboxes
 * @param address           the address to bind
 * @param port              the port
 * @param clientCertificate whether the TLS client certificate is requested or required (trust-space peers on MX)
 * @param keystore          PKCS#12 with this listener's TLS key and chain, or null to use {@code tls.keystore}
 * @param keystorePasswordFile the file holding that key store's password, or null to use {@code tls}'s
 */
public record ListenerConfig(String name, Kind kind, String address, int port, ClientCertificate clientCertificate,
                             Path keystore, Path keystorePasswordFile) {

    public enum Kind {
        MX, SUBMISSION, SUBMISSIONS, IMAP, IMAPS;

        /** True for the IMAP kinds (the local mailboxes), false for the SMTP ones. */
        public boolean imap() {
            return this == IMAP || this == IMAPS;
        }

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum ClientCertificate {
        NONE, REQUEST, REQUIRE;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
