package org.villhop.delivery;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * One next hop to try: a host name (used for certificate host-name verification and SNI), a port, how TLS is used,
 * its addresses when already resolved (empty: the system resolver looks the host up at connection time) and the
 * client identity presented to it (null: the gateway's default client certificate).
 */
public record Destination(String host, int port, TlsMode tls, List<InetAddress> addresses, String clientIdentity) {
    public Destination {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("destination host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("destination port out of range: " + port);
        }
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        addresses = List.copyOf(addresses);
    }

    public Destination(String host, int port, TlsMode tls, List<InetAddress> addresses) {
        this(host, port, tls, addresses, null);
    }

    public static Destination of(String host, int port, TlsMode tls) {
        return new Destination(host, port, tls, List.of());
    }

    /** The same hop with another TLS mode. */
    public Destination withTls(TlsMode mode) {
        return new Destination(host, port, mode, addresses, clientIdentity);
    }

    /** The same hop presenting another client identity. */
    public Destination withClientIdentity(String identity) {
        return new Destination(host, port, tls, addresses, identity);
    }

    /** Identifies connections that may be shared: same host, port, TLS mode and client identity. */
    public String key() {
        return host.toLowerCase(Locale.ROOT) + ":" + port + "/" + tls.configName()
                + (clientIdentity == null ? "" : "/" + clientIdentity);
    }

    @Override
    public String toString() {
        return host + ":" + port + " (" + tls.configName() + ")";
    }
}
