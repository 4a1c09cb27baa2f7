package org.villhop.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.villhop.policy.TamperRule;
import org.villhop.quarantine.QuarantinePolicy;

/**
 * Which destinations are trusted and how mail to them is protected.
 *
 * @param trustSpace     the trust-space whitelist of domains ("*.example" matches subdomains); outbound mail to any
 *                       other domain is refused by the policy stage
 * @param domainPolicies per-domain policy for recipients without a known certificate
 * @param defaultPolicy  the policy for trust-space domains not listed
 * @param peerCertificate on the MX listener, whether a peer sending from a trust-space domain must present a TLS
 *                       client certificate
 * @param peerNames      per sender domain (lower case), the certificate names (DNS names, "*.x" patterns) that may
 *                       send for it besides the domain itself and its hosts
 * @param tamperRule     how much of the Direct tamper rule authenticated submissions must respect
 * @param quarantine     which inbound messages with a bad S/MIME verdict are held in the quarantine
 */
public record SecurityConfig(List<String> trustSpace, Map<String, DomainPolicy> domainPolicies,
                             DomainPolicy defaultPolicy, PeerCertificate peerCertificate,
                             Map<String, List<String>> peerNames, TamperRule.Mode tamperRule,
                             QuarantinePolicy quarantine) {
    public SecurityConfig {
        trustSpace = List.copyOf(trustSpace);
        domainPolicies = Map.copyOf(domainPolicies);
        peerNames = Map.copyOf(peerNames);
    }

    /**
     * The policies with the secure defaults: trust-space peers need a client certificate (no extra names), the whole
     * tamper rule is enforced, inbound mail is delivered with its verdict whatever it is.
     */
    public SecurityConfig(List<String> trustSpace, Map<String, DomainPolicy> domainPolicies,
                          DomainPolicy defaultPolicy) {
        this(trustSpace, domainPolicies, defaultPolicy, PeerCertificate.REQUIRED, Map.of(), TamperRule.Mode.ENFORCE,
                QuarantinePolicy.DELIVER_ALL);
    }

    /**
     * What the MX listener asks of a peer whose MAIL FROM domain is in the trust space. In both modes a certificate
     * that is presented must chain to the trust anchors, not be revoked and name the sender's domain.
     */
    public enum PeerCertificate {
        /** The peer must use TLS and present a valid client certificate naming the sender's domain. */
        REQUIRED("required"),
        /** A peer without a certificate is accepted as before; a presented certificate is still verified. */
        OPTIONAL("optional");

        private final String configName;

        PeerCertificate(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static PeerCertificate fromConfigName(String name) {
            for (PeerCertificate p : values()) {
                if (p.configName.equals(name.strip().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not one of required, optional");
        }
    }

    /** True for a domain inside the trust space: listed, or under a listed "*.x" entry. */
    public boolean inTrustSpace(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (String entry : trustSpace) {
            if (entry.equals(d) || (entry.startsWith("*.") && d.endsWith(entry.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** The extra certificate names configured for a sender domain (empty when none). */
    public List<String> peerNamesFor(String domain) {
        return peerNames.getOrDefault(domain.toLowerCase(Locale.ROOT), List.of());
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
        return domainPolicies.getOrDefault(domain.toLowerCase(Locale.ROOT), defaultPolicy);
    }
}
