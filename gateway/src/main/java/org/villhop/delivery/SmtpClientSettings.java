package org.villhop.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the SMTP client behaves.
 *
 * @param heloName           the name given in EHLO (the gateway's host name)
 * @param tls                the client's key (presented to peers) and trust anchors
 * @param protocols          enabled TLS protocols, only TLSv1.2 and TLSv1.3 accepted
 * @param cipherSuites       enabled suites, or empty for the JDK's defaults for those protocols
 * @param connectTimeout     TCP connection timeout
 * @param commandTimeout     time to wait for each reply (RFC 5321 suggests minutes; the default is 5 minutes)
 * @param dataTimeout        time to wait for the reply after the final "." (RFC 5321: 10 minutes)
 * @param maxConnectionsPerDestination at most this many simultaneous connections to one host:port
 * @param idleTimeout        an unused connection is closed after this long (reuse only within this window)
 * @param clientIdentities   other client certificates, by name, that routes may ask to present
 */
public record SmtpClientSettings(String heloName, TlsClientMaterial tls, List<String> protocols,
                                 List<String> cipherSuites, Duration connectTimeout, Duration commandTimeout,
                                 Duration dataTimeout, int maxConnectionsPerDestination, Duration idleTimeout,
                                 Map<String, TlsClientMaterial> clientIdentities) {
    public SmtpClientSettings {
        clientIdentities = Map.copyOf(clientIdentities);
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        if (protocols.isEmpty() || !List.of("TLSv1.2", "TLSv1.3").containsAll(protocols)) {
            throw new IllegalArgumentException("only TLSv1.2 and TLSv1.3 may be enabled, got " + protocols);
        }
        if (maxConnectionsPerDestination < 1) {
            throw new IllegalArgumentException("maxConnectionsPerDestination must be >= 1");
        }
    }

    /** Defaults: TLS 1.2 and 1.3, JDK suites, 30 s connect, 5 min per reply, 10 min after DATA, 4 per host, 30 s idle. */
    public static SmtpClientSettings defaults(String heloName, TlsClientMaterial tls) {
        return new SmtpClientSettings(heloName, tls, List.of("TLSv1.3", "TLSv1.2"), List.of(), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofMinutes(10), 4, Duration.ofSeconds(30), Map.of());
    }

    public SmtpClientSettings withTimeouts(Duration connect, Duration command, Duration data) {
        return new SmtpClientSettings(heloName, tls, protocols, cipherSuites, connect, command, data,
                maxConnectionsPerDestination, idleTimeout, clientIdentities);
    }

    public SmtpClientSettings withMaxConnectionsPerDestination(int max) {
        return new SmtpClientSettings(heloName, tls, protocols, cipherSuites, connectTimeout, commandTimeout,
                dataTimeout, max, idleTimeout, clientIdentities);
    }

    /** These settings plus a named client identity that routes may present instead of the default one. */
    public SmtpClientSettings withClientIdentity(String name, TlsClientMaterial material) {
        Map<String, TlsClientMaterial> more = new HashMap<>(clientIdentities);
        more.put(name, material);
        return new SmtpClientSettings(heloName, tls, protocols, cipherSuites, connectTimeout, commandTimeout,
                dataTimeout, maxConnectionsPerDestination, idleTimeout, more);
    }

    /** The TLS material for a destination: its named client identity, or the default. */
    TlsClientMaterial tlsFor(Destination destination) {
        if (destination.clientIdentity() == null) {
            return tls;
        }
        TlsClientMaterial material = clientIdentities.get(destination.clientIdentity());
        if (material == null) {
            throw new IllegalArgumentException("no client identity named '" + destination.clientIdentity() + "'");
        }
        return material;
    }
}
