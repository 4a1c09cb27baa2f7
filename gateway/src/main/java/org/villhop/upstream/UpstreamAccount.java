package org.villhop.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * One operator mailbox villhop fetches from.
 *
 * @param name         a short name, unique among accounts (state and logs are keyed by it)
 * @param host         the IMAP server's host name, checked against its certificate
 * @param port         993 for {@link TlsMode#IMPLICIT}, 143 for {@link TlsMode#STARTTLS} usually
 * @param tls          implicit TLS or required STARTTLS
 * @param username     the login (for a client certificate: the authorisation identity, may be empty)
 * @param credentials  password, client certificate or OAuth token
 * @param folder       the folder to fetch, usually INBOX
 * @param afterAccept  flag or delete a message upstream once accepted
 * @param pollInterval how often to look for new mail when the server has no IDLE
 * @param idleRefresh  how long one IDLE lasts before it is renewed (RFC 2177: under 29 minutes); below {@code timeout}
 * @param timeout      connect and read timeout
 * @param minBackoff   first wait after a failure; doubled at each consecutive failure up to {@code maxBackoff}
 * @param maxBackoff   longest wait between reconnection attempts
 */
public record UpstreamAccount(String name, String host, int port, TlsMode tls, String username,
                              UpstreamCredentials credentials, String folder, AfterAccept afterAccept,
                              Duration pollInterval, Duration idleRefresh, Duration timeout, Duration minBackoff,
                              Duration maxBackoff) {
    public UpstreamAccount {
        Objects.requireNonNull(credentials, "credentials");
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new UpstreamException("upstream account name '" + name + "': use 1-64 letters, digits, . _ -");
        }
        if (host == null || host.isBlank() || port < 1 || port > 65535) {
            throw new UpstreamException("upstream account " + name + ": host and port 1-65535 are required");
        }
        if (folder == null || folder.isBlank()) {
            throw new UpstreamException("upstream account " + name + ": a folder is required");
        }
        if (!idleRefresh.isPositive() || idleRefresh.compareTo(timeout) >= 0) {
            throw new UpstreamException("upstream account " + name + ": idle refresh (" + idleRefresh
                    + ") must be positive and shorter than the read timeout (" + timeout + ")");
        }
        if (!pollInterval.isPositive() || !minBackoff.isPositive() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new UpstreamException("upstream account " + name
                    + ": poll interval and backoffs must be positive, maximum backoff at least the minimum");
        }
    }

    /** An account with the usual settings: INBOX, flag after accept, poll 1 min, IDLE renewed every 20 min. */
    public static UpstreamAccount of(String name, String host, int port, TlsMode tls, String username,
                                     UpstreamCredentials credentials) {
        return new UpstreamAccount(name, host, port, tls, username, credentials, "INBOX", AfterAccept.FLAG,
                Duration.ofMinutes(1), Duration.ofMinutes(20), Duration.ofMinutes(25), Duration.ofSeconds(1),
                Duration.ofMinutes(5));
    }

    public UpstreamAccount withFolder(String newFolder) {
        return new UpstreamAccount(name, host, port, tls, username, credentials, newFolder, afterAccept,
                pollInterval, idleRefresh, timeout, minBackoff, maxBackoff);
    }

    public UpstreamAccount withAfterAccept(AfterAccept newAfterAccept) {
        return new UpstreamAccount(name, host, port, tls, username, credentials, folder, newAfterAccept,
                pollInterval, idleRefresh, timeout, minBackoff, maxBackoff);
    }

    public UpstreamAccount withTimings(Duration newPoll, Duration newIdleRefresh, Duration newTimeout,
                                       Duration newMinBackoff, Duration newMaxBackoff) {
        return new UpstreamAccount(name, host, port, tls, username, credentials, folder, afterAccept, newPoll,
                newIdleRefresh, newTimeout, newMinBackoff, newMaxBackoff);
    }

    @Override
    public String toString() {
        return "upstream " + name + " (" + username + "@" + host + ":" + port + " " + tls + ", " + folder + ")";
    }
}
