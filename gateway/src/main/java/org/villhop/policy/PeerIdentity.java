package org.villhop.policy;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The names a peer's TLS client certificate carries: its subjectAltName DNS names, or, when it has none, its subject
 * common name (RFC 6125 §6.4.4). A certificate may act for a sender domain when one of its names is the domain, a
 * host of it ({@code mx.domain}), a wildcard over it ({@code *.domain}), or one of the names the operator configured
 * for that domain (exact, or {@code *.operator.example} covering that operator's hosts).
 */
public record PeerIdentity(List<String> names) {
    private static final int SAN_DNS = 2;

    public PeerIdentity {
        names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    /** The DNS names of {@code cert}, else its common name(s). */
    public static PeerIdentity of(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (san.size() == 2 && Integer.valueOf(SAN_DNS).equals(san.get(0))) {
                        dns.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return new PeerIdentity(List.of());
        }
        if (!dns.isEmpty()) {
            return new PeerIdentity(dns);
        }
        List<String> cn = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return new PeerIdentity(List.of());
        }
        return new PeerIdentity(cn);
    }

    /** True when one of the names covers {@code domain} or matches one of {@code configured}. */
    public boolean mayActFor(String domain, List<String> configured) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (String name : names) {
            if (coversDomain(name, d)) {
                return true;
            }
            for (String allowed : configured) {
                if (matchesConfigured(name, allowed.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean coversDomain(String name, String domain) {
        String bare = name.startsWith("*.") ? name.substring(2) : name;
        return bare.equals(domain) || bare.endsWith("." + domain);
    }

    private static boolean matchesConfigured(String name, String allowed) {
        if (name.equals(allowed)) {
            return true;
        }
        return allowed.startsWith("*.") && !name.startsWith("*.") && name.endsWith(allowed.substring(1));
    }

    @Override
    public String toString() {
        return names.isEmpty() ? "(no DNS name or common name)" : String.join(", ", names);
    }
}
