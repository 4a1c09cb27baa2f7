package org.villhop.config;

import java.nio.file.Path;
import java.util.List;

import org.villhop.pack.PackSettings;

/**
 * The whole configuration of a gateway, as loaded by {@link ConfigLoader}. Immutable.
 *
 * @param hostname     the gateway's host name (EHLO, greeting, Reporting-MTA of DSNs)
 * @param dataDir      the data directory (queue, stores, audit journal)
 * @param localDomains domains delivered locally
 * @param tls          TLS settings and material
 * @param listeners    SMTP listeners
 * @param users        submission users
 * @param delivery     outbound delivery
 * @param security     trust space and per-domain policy
 * @param limits       resource limits
 * @param pack         the discharge pack: X-MSS-NIL value, Mon espace santé domain, template folder
 * @param upstream     operator mailboxes to fetch (the "IMAP relay"); empty when none
 */
public record GatewayConfig(String hostname, Path dataDir, List<String> localDomains, TlsConfig tls,
                            List<ListenerConfig> listeners, List<UserConfig> users, DeliveryConfig delivery,
                            SecurityConfig security, Limits limits, PackSettings pack, List<UpstreamConfig> upstream) {
    public GatewayConfig {
        upstream = List.copyOf(upstream);
        localDomains = List.copyOf(localDomains);
        listeners = List.copyOf(listeners);
        users = List.copyOf(users);
    }

    public GatewayConfig withDataDir(Path dir) {
        return new GatewayConfig(hostname, dir, localDomains, tls, listeners, users, delivery, security, limits,
                pack, upstream);
    }

    public GatewayConfig withRelayHost(ConfigValues.HostPort relay) {
        return new GatewayConfig(hostname, dataDir, localDomains, tls, listeners, users,
                delivery.withRelayHost(relay), security, limits, pack, upstream);
    }

    /** One line for humans: "2 listeners (mx 127.0.0.1:2525, ...), 1 local domain, 2 users, 3 routes, MX". */
    public String summary() {
        String where = String.join(", ", listeners.stream()
                .map(l -> l.kind().configName() + " " + l.address() + ":" + l.port()).toList());
        return listeners.size() + (listeners.size() == 1 ? " listener" : " listeners") + " (" + where + "), "
                + localDomains.size() + (localDomains.size() == 1 ? " local domain" : " local domains") + ", "
                + users.size() + (users.size() == 1 ? " user" : " users") + ", "
                + delivery.routes().size() + (delivery.routes().size() == 1 ? " route" : " routes") + ", "
                + (delivery.relayHost() == null ? "delivery by DNS MX" : "relay host " + delivery.relayHost())
                + ", data in " + dataDir;
    }
}
