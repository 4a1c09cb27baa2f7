package org.villhop.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.villhop.delivery.RetrySchedule;
import org.villhop.delivery.Route;
import org.villhop.delivery.TlsMode;
import org.villhop.pack.PackSettings;
import org.villhop.policy.TamperRule;
import org.villhop.quarantine.QuarantinePolicy;

/** Turns the YAML sections into the configuration model, recording every error with its line and key. */
final class ConfigReader {
    private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    GatewayConfig read(YamlSection root) {
        String hostname = root.string("hostname", "localhost");
        Path dataDir = root.directory("data-dir", "./data");
        List<String> localDomains = lower(root.strings("local-domains", List.of()));
        if (localDomains.isEmpty()) {
            root.error("local-domains", "at least one local domain is needed");
        }
        TlsConfig tls = tls(root.section("tls"));
        List<ListenerConfig> listeners = listeners(root, tls);
        List<UserConfig> users = users(root, localDomains);
        SecurityConfig security = security(root.section("security"));
        for (ListenerConfig l : listeners) {
            if (l.kind() == ListenerConfig.Kind.MX && l.clientCertificate() == ListenerConfig.ClientCertificate.NONE
                    && security.peerCertificate() == SecurityConfig.PeerCertificate.REQUIRED
                    && !security.trustSpace().isEmpty()) {
                root.error("listeners", "mx listener '" + l.name() + "' has client-certificate: none, but "
                        + "security.peer-certificate is required: trust-space peers could never present one (use "
                        + "request or require, or set security.peer-certificate: optional)");
            }
        }
        DeliveryConfig delivery = delivery(root.section("delivery"), security.trustSpace());
        Limits limits = limits(root.section("limits"));
        PackSettings pack = pack(root.section("pack"));
        List<UpstreamConfig> upstream = UpstreamReader.read(root, users, dataDir);
        root.finish();
        return new GatewayConfig(hostname, dataDir, localDomains, tls, listeners, users, delivery, security, limits,
                pack, upstream);
    }

    private TlsConfig tls(YamlSection s) {
        List<String> protocols = s.strings("protocols", List.of("TLSv1.3", "TLSv1.2"));
        for (String p : protocols) {
            if (!PROTOCOLS.contains(p)) {
                s.error("protocols", "'" + p + "' is not allowed: only TLSv1.2 and TLSv1.3");
            }
        }
        if (protocols.isEmpty()) {
            s.error("protocols", "at least one protocol is needed");
        }
        TlsConfig tls = new TlsConfig(protocols, s.strings("cipher-suites", List.of()), s.file("keystore", true),
                s.file("keystore-password-file", true), s.files("trust-anchors"), crls(s));
        s.finish();
        return tls;
    }

    /** CRL locations: http(s) URLs kept as they are, files resolved and checked. */
    private static List<String> crls(YamlSection s) {
        List<String> crls = s.strings("crls", List.of());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < crls.size(); i++) {
            String c = crls.get(i);
            out.add(c.startsWith("http://") || c.startsWith("https://") ? c : s.resolveFile("crls", i, c).toString());
        }
        return out;
    }

    private List<ListenerConfig> listeners(YamlSection root, TlsConfig tls) {
        List<ListenerConfig> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<String, String> endpoints = new HashMap<>();
        List<YamlSection> sections = root.sections("listeners");
        if (sections.isEmpty()) {
            root.error("listeners", "at least one listener is needed");
        }
        for (YamlSection s : sections) {
            String name = s.requiredString("name");
            ListenerConfig.Kind kind = s.parsed("kind", ListenerConfig.Kind.MX, v -> enumValue(ListenerConfig.Kind.class,
                    v, "mx, submission, submissions, imap or imaps"));
            String address = s.string("address", "127.0.0.1");
            int port = 0;
            if (s.has("port")) {
                port = s.listenPort("port");
            } else {
                s.error("port", "missing (required)");
            }
            ListenerConfig.ClientCertificate defaultMode = kind == ListenerConfig.Kind.MX
                    ? ListenerConfig.ClientCertificate.REQUEST : ListenerConfig.ClientCertificate.NONE;
            ListenerConfig.ClientCertificate cc = s.parsed("client-certificate", defaultMode,
                    v -> enumValue(ListenerConfig.ClientCertificate.class, v, "none, request or require"));
            ListenerConfig listener = new ListenerConfig(name, kind, address, port, cc, s.file("keystore", false),
                    s.file("keystore-password-file", false));
            if ((listener.keystore() == null) != (listener.keystorePasswordFile() == null)) {
                s.error(listener.keystore() == null ? "keystore-password-file" : "keystore",
                        "keystore and keystore-password-file go together");
            }
            if (name != null) {
                Integer first = names.putIfAbsent(name, s.lineOf("name"));
                if (first != null) {
                    s.error("name", "duplicate listener name '" + name + "' (first on line " + first + ")");
                }
            }
            if (port > 0) {
                String endpoint = address + ":" + port;
                String other = endpoints.putIfAbsent(endpoint, name);
                if (other != null) {
                    s.error("port", endpoint + " is already used by listener '" + other + "'");
                }
            }
            s.finish();
            out.add(listener);
        }
        return out;
    }

    private List<UserConfig> users(YamlSection root, List<String> localDomains) {
        List<UserConfig> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (YamlSection s : root.sections("users")) {
            String name = s.requiredString("name");
            String hash = s.string("password-hash", null);
            Path file = s.file("password-file", false);
            if ((hash == null) == (file == null)) {
                s.error(hash == null ? "password-file" : "password-hash",
                        "give exactly one of password-hash and password-file");
            }
            List<String> addresses = lower(s.strings("addresses", List.of()));
            if (addresses.isEmpty()) {
                s.error("addresses", "missing: the addresses this user may send as");
            }
            for (String a : addresses) {
                int at = a.lastIndexOf('@');
                if (at < 1) {
                    s.error("addresses", "'" + a + "' is not an address");
                } else if (!localDomains.contains(a.substring(at + 1))) {
                    s.error("addresses", "'" + a + "' is not in a local domain " + localDomains);
                }
            }
            boolean automaticReceipts = s.bool("automatic-receipts", false);
            boolean sentCopy = s.bool("sent-copy", true);
            if (name != null && names.putIfAbsent(name, s.lineOf("name")) != null) {
                s.error("name", "duplicate user '" + name + "' (first on line " + names.get(name) + ")");
            }
            s.finish();
            out.add(new UserConfig(name, hash, file, addresses, automaticReceipts, sentCopy));
        }
        return out;
    }

    private DeliveryConfig delivery(YamlSection s, List<String> trustSpace) {
        ConfigValues.HostPort relay = s.parsed("relay-host", null, ConfigValues::hostPort);
        TlsMode relayTls = s.parsed("relay-tls", TlsMode.VERIFY, TlsMode::fromConfigName);
        TlsMode defaultTls = s.parsed("default-tls", TlsMode.VERIFY, TlsMode::fromConfigName);
        List<Route> routes = new ArrayList<>();
        Map<String, DeliveryConfig.ClientIdentity> identities = new LinkedHashMap<>();
        Map<String, Integer> domains = new HashMap<>();
        for (YamlSection r : s.sections("routes")) {
            String domain = r.requiredString("domain");
            String host = r.requiredString("host");
            int port = r.port("port", 25);
            TlsMode mode = r.parsed("tls", TlsMode.VERIFY, TlsMode::fromConfigName);
            Path keystore = r.file("client-keystore", false);
            Path password = r.file("client-keystore-password-file", false);
            if ((keystore == null) != (password == null)) {
                r.error(keystore == null ? "client-keystore-password-file" : "client-keystore",
                        "client-keystore and client-keystore-password-file go together");
            }
            String identity = keystore == null || password == null ? null : keystore.toString();
            if (identity != null) {
                identities.putIfAbsent(identity, new DeliveryConfig.ClientIdentity(identity, keystore, password));
            }
            if (domain != null && domains.putIfAbsent(domain.toLowerCase(Locale.ROOT), r.lineOf("domain")) != null) {
                r.error("domain", "a route for '" + domain + "' is already given on line "
                        + domains.get(domain.toLowerCase(Locale.ROOT)));
            }
            if (domain != null && !mode.verifiesPeer() && inTrustSpace(domain.toLowerCase(Locale.ROOT), trustSpace)) {
                r.error("tls", "'" + mode.configName() + "' is not allowed for a trust-space domain: use "
                        + "required-verified or implicit-verified");
            }
            r.finish();
            if (domain != null && host != null) {
                routes.add(new Route(domain, host, port, mode, identity));
            }
        }
        Path clientKeystore = s.file("client-keystore", false);
        Path clientPassword = s.file("client-keystore-password-file", false);
        int perDestination = s.integer("max-connections-per-destination", 4, 1, 1000);
        Duration connectTimeout = s.parsed("connect-timeout", Duration.ofSeconds(30), ConfigValues::duration);
        RetrySchedule retry = retry(s.section("retry"));
        s.finish();
        return new DeliveryConfig(relay, relayTls, defaultTls, routes, clientKeystore, clientPassword, perDestination,
                connectTimeout, retry, List.copyOf(identities.values()));
    }

    private RetrySchedule retry(YamlSection s) {
        RetrySchedule standard = RetrySchedule.standard();
        List<Duration> waits = new ArrayList<>();
        for (String w : s.strings("schedule", List.of())) {
            try {
                waits.add(ConfigValues.duration(w));
            } catch (IllegalArgumentException e) {
                s.error("schedule", e.getMessage());
            }
        }
        Duration giveUp = s.parsed("give-up-after", standard.giveUpAfter(), ConfigValues::duration);
        Duration delay = s.parsed("delay-notice-after", standard.delayNoticeAfter(), ConfigValues::duration);
        s.finish();
        try {
            return new RetrySchedule(waits.isEmpty() ? standard.waits() : waits, giveUp, delay);
        } catch (IllegalArgumentException e) {
            s.error("schedule", e.getMessage());
            return standard;
        }
    }

    private SecurityConfig security(YamlSection s) {
        List<String> trustSpace = lower(s.strings("trust-space", List.of()));
        SecurityConfig.DomainPolicy defaultPolicy = s.parsed("default-policy",
                SecurityConfig.DomainPolicy.ENCRYPT_REQUIRED, SecurityConfig.DomainPolicy::fromConfigName);
        SecurityConfig.PeerCertificate peerCertificate = s.parsed("peer-certificate",
                SecurityConfig.PeerCertificate.REQUIRED, SecurityConfig.PeerCertificate::fromConfigName);
        TamperRule.Mode tamperRule = s.parsed("tamper-rule", TamperRule.Mode.ENFORCE, TamperRule.Mode::fromConfigName);
        QuarantinePolicy quarantine = new QuarantinePolicy(
                s.parsed("on-bad-signature", QuarantinePolicy.Action.DELIVER, QuarantinePolicy.Action::fromConfigName),
                s.parsed("on-undecryptable", QuarantinePolicy.Action.DELIVER, QuarantinePolicy.Action::fromConfigName));
        Map<String, SecurityConfig.DomainPolicy> policies = new LinkedHashMap<>();
        Map<String, List<String>> peerNames = new LinkedHashMap<>();
        for (YamlSection d : s.sections("domains")) {
            String domain = d.requiredString("domain");
            SecurityConfig.DomainPolicy policy = d.parsed("policy", defaultPolicy,
                    SecurityConfig.DomainPolicy::fromConfigName);
            List<String> names = lower(d.strings("peer-names", List.of()));
            for (String name : names) {
                if (!name.matches("(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
                    d.error("peer-names", "'" + name + "' is not a DNS name or a \"*.domain\" pattern");
                }
            }
            if (domain != null && policies.put(domain.toLowerCase(Locale.ROOT), policy) != null) {
                d.error("domain", "policy for '" + domain + "' given twice");
            }
            if (domain != null && !names.isEmpty()) {
                peerNames.put(domain.toLowerCase(Locale.ROOT), names);
            }
            d.finish();
        }
        s.finish();
        return new SecurityConfig(trustSpace, policies, defaultPolicy, peerCertificate, peerNames, tamperRule,
                quarantine);
    }

    private Limits limits(YamlSection s) {
        long size = s.parsed("message-size", 50_000_000L, ConfigValues::size);
        if (size < 1024) {
            s.error("message-size", "must be at least 1KB");
        }
        Limits limits = new Limits(size, s.integer("recipients-per-message", 100, 1, 100_000),
                s.parsed("command-timeout", Duration.ofMinutes(5), ConfigValues::duration),
                s.parsed("data-timeout", Duration.ofMinutes(10), ConfigValues::duration),
                s.integer("connections-total", 200, 1, 100_000), s.integer("connections-per-ip", 20, 1, 100_000),
                s.integer("auth-failures-before-delay", 5, 0, 1000), s.integer("auth-failures-per-user", 5, 1, 1000),
                s.integer("auth-failures-per-address", 50, 1, 100_000),
                s.parsed("auth-failure-window", Duration.ofMinutes(15), ConfigValues::duration),
                s.integer("inflow-backlog", 64, 1, 1_000_000),
                s.parsed("inflow-delay", Duration.ofSeconds(1), ConfigValues::duration));
        if (limits.authFailuresPerAddress() < limits.authFailuresPerUser()) {
            s.error("auth-failures-per-address", "must be at least auth-failures-per-user ("
                    + limits.authFailuresPerUser() + ")");
        }
        if (!limits.authFailureWindow().isPositive()) {
            s.error("auth-failure-window", "must be longer than 0s");
        }
        if (limits.inflowDelay().isNegative() || limits.inflowDelay().compareTo(Duration.ofMinutes(1)) > 0) {
            s.error("inflow-delay", "must be between 0s (never hold back) and 1m (clients wait at most 5m for a reply)");
        }
        s.finish();
        return limits;
    }

    /** The discharge pack: built-in defaults for what is not given. */
    private PackSettings pack(YamlSection s) {
        PackSettings defaults = PackSettings.defaults();
        String nil = s.string("mss-nil", defaults.nilValue());
        if (nil.isBlank() || !nil.chars().allMatch(c -> c > 0x20 && c < 0x7f || c == ' ')) {
            s.error("mss-nil", "must be printable ASCII (it is sent in the X-MSS-NIL header)");
        }
        String patientDomain = s.string("patient-domain", defaults.patientDomain()).toLowerCase(Locale.ROOT);
        if (!patientDomain.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
            s.error("patient-domain", "not a domain name: '" + patientDomain + "'");
        }
        Path templates = s.has("templates") ? s.directory("templates", null) : null;
        if (templates != null && s.checksFiles() && !Files.isDirectory(templates)) {
            s.error("templates", "template folder not found: " + templates);
        }
        s.finish();
        return new PackSettings(nil, patientDomain, templates, defaults.facilityType(), defaults.practiceSetting());
    }

    private static boolean inTrustSpace(String domain, List<String> trustSpace) {
        return trustSpace.stream().anyMatch(t -> t.equals(domain)
                || (t.startsWith("*.") && domain.endsWith(t.substring(1))));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String expected) {
        for (E e : type.getEnumConstants()) {
            if (e.name().replace('_', '-').equalsIgnoreCase(value.strip())) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + expected);
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
    }
}
