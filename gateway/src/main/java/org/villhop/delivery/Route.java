package org.villhop.delivery;

import java.util.Locale;

/**
 * A static route: all mail for {@code domain} goes to {@code host:port} with this TLS mode.
 */
public record Route(String domain, String host, int port, TlsMode tls) {
    public Route {
        domain = domain.toLowerCase(Locale.ROOT);
    }

    Destination destination() {
        return Destination.of(host, port, tls);
    }
}
