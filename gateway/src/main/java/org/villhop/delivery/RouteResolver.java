package org.villhop.delivery;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides the next hops of a recipient domain: a static route for the domain first, else the relay host (like
 * Postfix's relayhost) when one is set, else DNS MX. Every hop for a trust-space domain is forced to
 * {@link TlsMode#VERIFY} (or implicit verified TLS), whatever the route says.
 */
public final class RouteResolver {
    private final Map<String, Route> routes;
    private final Destination relayHost;
    private final MxResolver mx;
    private final Set<String> trustSpace;
    private final TlsMode defaultTls;

    /**
     * @param routes     static routes (one per domain)
     * @param relayHost  the next hop for every other domain, or null to use DNS MX
     * @param mx         the MX resolver
     * @param trustSpace domains inside the trust space (lower case; "*.example" entries match subdomains)
     * @param defaultTls the TLS mode for MX hops outside the trust space
     */
    public RouteResolver(List<Route> routes, Destination relayHost, MxResolver mx, Set<String> trustSpace,
                         TlsMode defaultTls) {
        this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(Route::domain, Function.identity()));
        this.relayHost = relayHost;
        this.mx = mx;
        this.trustSpace = trustSpace.stream().map(d -> d.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.defaultTls = defaultTls;
    }

    /** The client identities the static routes name. */
    public Set<String> clientIdentities() {
        return routes.values().stream().map(Route::clientIdentity).filter(java.util.Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    public RouteDecision resolve(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        boolean trusted = inTrustSpace(d);
        Route route = routes.get(d);
        if (route != null) {
            return new RouteDecision.Hops(List.of(enforce(route.destination(), trusted)));
        }
        if (relayHost != null) {
            return new RouteDecision.Hops(List.of(enforce(relayHost, trusted)));
        }
        RouteDecision decision = mx.resolve(d, trusted ? TlsMode.VERIFY : defaultTls);
        if (decision instanceof RouteDecision.Hops hops && trusted) {
            return new RouteDecision.Hops(hops.destinations().stream().map(h -> enforce(h, true)).toList());
        }
        return decision;
    }

    public boolean inTrustSpace(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (trustSpace.contains(d)) {
            return true;
        }
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            if (trustSpace.contains("*" + d.substring(dot))) {
                return true;
            }
        }
        return false;
    }

    private static Destination enforce(Destination hop, boolean trusted) {
        return trusted && !hop.tls().verifiesPeer() ? hop.withTls(TlsMode.VERIFY) : hop;
    }
}
