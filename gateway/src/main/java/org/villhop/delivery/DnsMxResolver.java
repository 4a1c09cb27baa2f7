package org.villhop.delivery;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * RFC 5321 section 5.1 with dnsjava: MX records sorted by preference (equal preferences shuffled), each exchange's
 * A and AAAA addresses; no MX record: the domain's own addresses (implicit MX); a null MX (RFC 7505) or a domain that
 * does not exist: permanent failure; a DNS failure: temporary.
 */
public final class DnsMxResolver implements MxResolver {
    private final Resolver resolver;
    private final int port;
    private final RandomGenerator random;
    private final Cache cache = new Cache(DClass.IN);

    /**
     * @param resolver the DNS resolver (for example {@code new SimpleResolver(address)})
     * @param port     the SMTP port of the hops (25; another in tests)
     * @param random   shuffles hosts of equal preference
     */
    public DnsMxResolver(Resolver resolver, int port, RandomGenerator random) {
        this.resolver = resolver;
        this.port = port;
        this.random = random;
    }

    /** The system's resolvers (from /etc/resolv.conf), port 25. */
    public static DnsMxResolver system() {
        return new DnsMxResolver(new ExtendedResolver(), 25, RandomGenerator.getDefault());
    }

    @Override
    public RouteDecision resolve(String domain, TlsMode tls) {
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return new RouteDecision.Unroutable(true, "5.1.2", "invalid domain name " + domain);
        }
        Lookup mx = lookup(name, Type.MX);
        Record[] answers = mx.run();
        switch (mx.getResult()) {
            case Lookup.SUCCESSFUL -> {
                List<MXRecord> records = Arrays.stream(answers).filter(MXRecord.class::isInstance)
                        .map(MXRecord.class::cast).toList();
                if (records.size() == 1 && records.getFirst().getTarget().equals(Name.root)) {
                    return new RouteDecision.Unroutable(true, "5.1.10",
                            domain + " publishes a null MX (RFC 7505): it accepts no mail");
                }
                return hops(domain, order(records, random).stream().map(MXRecord::getTarget).toList(), tls);
            }
            case Lookup.HOST_NOT_FOUND -> {
                return new RouteDecision.Unroutable(true, "5.1.2", "domain " + domain + " does not exist (NXDOMAIN)");
            }
            case Lookup.TYPE_NOT_FOUND -> {
                return hops(domain, List.of(name), tls);
            }
            default -> {
                return new RouteDecision.Unroutable(false, "4.4.3",
                        "DNS lookup of MX for " + domain + " failed: " + mx.getErrorString());
            }
        }
    }

    /** Sorts by preference, lowest first; records of equal preference are shuffled (RFC 5321 5.1). */
    static List<MXRecord> order(List<MXRecord> records, RandomGenerator random) {
        Map<Integer, List<MXRecord>> byPreference = new TreeMap<>();
        for (MXRecord r : records) {
            byPreference.computeIfAbsent(r.getPriority(), p -> new ArrayList<>()).add(r);
        }
        List<MXRecord> ordered = new ArrayList<>();
        for (List<MXRecord> group : byPreference.values()) {
            for (int i = group.size() - 1; i > 0; i--) {
                Collections.swap(group, i, random.nextInt(i + 1));
            }
            ordered.addAll(group);
        }
        return ordered;
    }

    private RouteDecision hops(String domain, List<Name> hosts, TlsMode tls) {
        List<Destination> destinations = new ArrayList<>();
        String lastError = "no address records";
        boolean temporary = false;
        for (Name host : hosts) {
            List<InetAddress> addresses = new ArrayList<>();
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Lookup lookup = lookup(host, type);
                Record[] records = lookup.run();
                if (lookup.getResult() == Lookup.SUCCESSFUL) {
                    for (Record r : records) {
                        if (r instanceof ARecord a) {
                            addresses.add(a.getAddress());
                        } else if (r instanceof AAAARecord aaaa) {
                            addresses.add(aaaa.getAddress());
                        }
                    }
                } else if (lookup.getResult() == Lookup.TRY_AGAIN || lookup.getResult() == Lookup.UNRECOVERABLE) {
                    temporary = true;
                    lastError = lookup.getErrorString();
                }
            }
            if (!addresses.isEmpty()) {
                destinations.add(new Destination(host.toString(true), port, tls, addresses));
            }
        }
        if (!destinations.isEmpty()) {
            return new RouteDecision.Hops(destinations);
        }
        boolean implicit = hosts.size() == 1 && hosts.getFirst().toString(true).equalsIgnoreCase(domain);
        return temporary || !implicit
                ? new RouteDecision.Unroutable(false, "4.4.3", "no address found for the mail hosts of " + domain
                        + " " + hosts.stream().map(h -> h.toString(true)).toList() + ": " + lastError)
                : new RouteDecision.Unroutable(true, "5.1.2", domain + " has neither MX nor address records");
    }

    private Lookup lookup(Name name, int type) {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        lookup.setSearchPath(List.<Name>of());
        return lookup;
    }
}
