package org.villhop.delivery;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * One next hop to try: a host name (used for certificate host-name verification and SNI), a port, how TLS is used,
 * and its addresses when already resolved (empty: the system resolver looks the host up at connection time).
 */
public record Destination(String host, int port, TlsMode tls, List<InetAddress> addresses) {
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

    public static Destination of(String host, int port, TlsMode tls) {
        return new Destination(host, port, tls, List.of());
    }

    /** The same hop with another TLS mode. */
    public Destination withTls(TlsMode mode) {
        return new Destination(host, port, mode, addresses);
    }

    /** Identifies connections that may be shared: same host, port and TLS mode. */
    public String key() {
        return host.toLowerCase(Locale.ROOT) + ":" + port + "/" + tls.configName();
    }

    @Override
    public String toString() {
        return host + ":" + port + " (" + tls.configName() + ")";
    }
}
