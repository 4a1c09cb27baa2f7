package org.villhop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.villhop.delivery.RetrySchedule;
import org.villhop.delivery.Route;
import org.villhop.delivery.TlsMode;

/**
 * Outbound delivery.
 *
 * @param relayHost                    every outbound message goes there (like Postfix's relayhost), or null: MX
 * @param relayTls                     the TLS mode towards the relay host
 * @param defaultTls                   the TLS mode for MX hops outside the trust space
 * @param routes                       static routes per domain
 * @param clientKeystore               PKCS#12 with the client certificate presented to peers, or null for
 *                                     {@code tls.keystore}
 * @param clientKeystorePasswordFile   its password file, or null for {@code tls.keystore-password-file}
 * @param maxConnectionsPerDestination simultaneous connections to one next hop
 * @param connectTimeout               TCP connect timeout
 * @param retry                        the retry schedule, give-up and delay-notice points
 * @param routeIdentities              client certificates that routes present instead of the default, by name
 *                                     (the name is the route's {@code clientIdentity})
 */
public record DeliveryConfig(ConfigValues.HostPort relayHost, TlsMode relayTls, TlsMode defaultTls,
                             List<Route> routes, Path clientKeystore, Path clientKeystorePasswordFile,
                             int maxConnectionsPerDestination, Duration connectTimeout, RetrySchedule retry,
                             List<ClientIdentity> routeIdentities) {
    public DeliveryConfig {
        routes = List.copyOf(routes);
        routeIdentities = List.copyOf(routeIdentities);
    }

    /** A client certificate a route presents: PKCS#12 key store and its password file. */
    public record ClientIdentity(String name, Path keystore, Path passwordFile) {
    }

    public DeliveryConfig withRelayHost(ConfigValues.HostPort relay) {
        return new DeliveryConfig(relay, relayTls, defaultTls, routes, clientKeystore, clientKeystorePasswordFile,
                maxConnectionsPerDestination, connectTimeout, retry, routeIdentities);
    }
}
