package org.villhop.delivery;

import java.util.Locale;

/**
 * A static route: all mail for {@code domain} goes to {@code host:port} with this TLS mode, presenting the client
 * identity of that name (registered with {@link SmtpClientSettings#withClientIdentity}), or the default one when null.
 */
public record Route(String domain, String host, int port, TlsMode tls, String clientIdentity) {
    public Route {
        domain = domain.toLowerCase(Locale.ROOT);
    }

    public Route(String domain, String host, int port, TlsMode tls) {
        this(domain, host, port, tls, null);
    }

    Destination destination() {
        return Destination.of(host, port, tls).withClientIdentity(clientIdentity);
    }
}
