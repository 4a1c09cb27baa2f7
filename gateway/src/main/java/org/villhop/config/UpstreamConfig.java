package org.villhop.config;

import java.nio.file.Path;
import java.util.List;

import org.villhop.upstream.AfterAccept;
import org.villhop.upstream.TlsMode;

/**
 * One operator mailbox {@code villhop serve} fetches (the "IMAP relay"), from the {@code upstream:} section.
 *
 * @param name         unique short name (state and logs are keyed by it)
 * @param host         the IMAP server, checked against its certificate (trusted through {@code tls.trust-anchors})
 * @param port         its port (default 993 for implicit TLS, 143 for STARTTLS)
 * @param tls          implicit TLS or required STARTTLS
 * @param user         the login
 * @param passwordFile a file whose first line is the password
 * @param folder       the folder fetched (default INBOX)
 * @param afterAccept  flag (default) or delete a message upstream once it is in the queue
 * @param recipients   the local addresses the fetched mail is delivered to
 */
public record UpstreamConfig(String name, String host, int port, TlsMode tls, String user, Path passwordFile,
                             String folder, AfterAccept afterAccept, List<String> recipients) {
    public UpstreamConfig {
        recipients = List.copyOf(recipients);
    }
}
