package org.villhop.config;

import java.util.List;
import java.util.Map;

/**
 * Which destinations are trusted and how mail to them is protected.
 *
 * @param trustSpace     the trust-space whitelist of domains ("*.example" matches subdomains); outbound mail to any
 *                       other domain is refused by the policy stage
 * @param domainPolicies per-domain policy for recipients without a known certificate
 * @param defaultPolicy  the policy for trust-space domains not listed
 */
public record SecurityConfig(List<String> trustSpace, Map<String, DomainPolicy> domainPolicies,
                             DomainPolicy defaultPolicy) {
    public SecurityConfig {
        trustSpace = List.copyOf(trustSpace);
        domainPolicies = Map.copyOf(domainPolicies);
    }

    /** What to do when a recipient's certificate is unknown. */
    public enum DomainPolicy {
        /** Hold the message for that recipient and bounce it with a clear reason. */
        ENCRYPT_REQUIRED("encrypt-required"),
        /** Deliver signed but not encrypted, over verified TLS inside the trust space. */
        TLS_ONLY("tls-only");

        private final String configName;

        DomainPolicy(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static DomainPolicy fromConfigName(String name) {
            for (DomainPolicy p : values()) {
                if (p.configName.equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown policy '" + name + "' (expected encrypt-required or tls-only)");
        }
    }

    public DomainPolicy policyFor(String domain) {
        return domainPolicies.getOrDefault(domain.toLowerCase(java.util.Locale.ROOT), defaultPolicy);
    }
}
