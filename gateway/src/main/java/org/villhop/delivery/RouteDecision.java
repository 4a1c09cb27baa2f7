package org.villhop.delivery;

import java.util.List;

/** Where mail for a domain goes: next hops in the order to try them, or why it cannot be routed. */
public sealed interface RouteDecision {

    /** Next hops, most preferred first. */
    record Hops(List<Destination> destinations) implements RouteDecision {
        public Hops {
            if (destinations.isEmpty()) {
                throw new IllegalArgumentException("at least one destination");
            }
            destinations = List.copyOf(destinations);
        }
    }

    /**
     * No route: permanent (the domain does not exist, or publishes a null MX) or temporary (DNS failure).
     *
     * @param status RFC 3463 status, "5.1.2", "5.1.10", "4.4.3"
     */
    record Unroutable(boolean permanent, String status, String detail) implements RouteDecision {
    }
}
