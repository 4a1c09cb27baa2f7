package org.villhop.delivery;

/** Finds the next hops of a domain from the DNS (MX, else the domain's own addresses). */
@FunctionalInterface
public interface MxResolver {
    /**
     * @param domain the recipient domain
     * @param tls    the TLS mode the resulting hops get
     */
    RouteDecision resolve(String domain, TlsMode tls);
}
