package org.villhop.cli;

import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.villhop.pki.CertificateInfo;
import org.villhop.pki.Json;
import org.villhop.pki.PemCodec;
import org.villhop.pki.PkiStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code villhop cert list}: the identities and trust anchors of the data directory. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List identities and trust anchors: subject, emails, usage, expiry, SHA-256 fingerprint.")
final class CertListCommand extends CertCommand.PkiCall {
    @Mixin
    CertCommand.DataOption data;
    @Option(names = "--expiring", paramLabel = "WINDOW",
            description = "Only certificates ending within WINDOW (e.g. 30d) or already expired.")
    String expiring;
    @Option(names = "--json", description = "One JSON array, for scripts.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One line of the listing: an identity (by alias) or a trust anchor. */
    record Row(String kind, String name, CertificateInfo info) {
    }

    static List<Row> rows(PkiStore store) {
        List<Row> rows = new ArrayList<>();
        store.identities().forEach(s -> rows.add(new Row("identity", s.alias(), CertificateInfo.of(s.certificate()))));
        for (X509Certificate anchor : store.trustAnchors()) {
            CertificateInfo info = CertificateInfo.of(anchor);
            rows.add(new Row("anchor", info.fingerprintHex().substring(0, 16), info));
        }
        return rows;
    }

    @Override
    int execute() {
        Instant now = clock.instant();
        List<Row> rows = rows(data.store());
        if (expiring != null) {
            Duration window = CertCommand.parseDuration(expiring, "--expiring");
            rows = rows.stream().filter(r -> r.info().expiresWithin(now, window)).toList();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.array(rows.stream().map(r -> {
                Map<String, String> extra = new LinkedHashMap<>();
                extra.put("kind", r.kind());
                extra.put("name", r.name());
                extra.put("status", status(r.info(), now));
                return r.info().toJson(extra);
            }).toList()));
            return ExitCodes.OK;
        }
        if (rows.isEmpty()) {
            out.println(expiring == null ? "no certificates in " + data.data.resolve("pki")
                    : "no certificate ends within " + expiring);
            return ExitCodes.OK;
        }
        out.printf("%-9s %-34s %-40s %-30s %-20s %s%n", "KIND", "NAME", "EMAILS/NAMES", "USAGE", "EXPIRES", "SHA-256");
        for (Row r : rows) {
            CertificateInfo i = r.info();
            List<String> names = new ArrayList<>(i.emails());
            names.addAll(i.dnsNames());
            names.addAll(i.ipAddresses());
            String usage = i.ca() ? "CA" : String.join(",", i.extendedKeyUsage());
            out.printf("%-9s %-34s %-40s %-30s %-20s %s%n", r.kind(), r.name(),
                    names.isEmpty() ? commonName(i.subject()) : String.join(",", names), usage,
                    i.notAfter() + (i.expiredAt(now) ? " EXPIRED" : ""), i.sha256Fingerprint());
        }
        return ExitCodes.OK;
    }

    static String status(CertificateInfo info, Instant now) {
        return now.isBefore(info.notBefore()) ? "not-yet-valid" : info.expiredAt(now) ? "expired" : "valid";
    }

    static String commonName(String subject) {
        for (String part : subject.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return subject;
    }

    /** {@code villhop cert show NAME}: one identity or anchor in detail. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one identity (by alias or email) or trust anchor (by fingerprint prefix) in detail.")
    static final class Show extends CertCommand.PkiCall {
        @Mixin
        CertCommand.DataOption data;
        @Parameters(paramLabel = "NAME", description = "Alias, email address, or SHA-256 fingerprint prefix.")
        String name;
        @Option(names = "--pem", description = "Also print the certificate chain in PEM.")
        boolean pem;
        @Option(names = "--json", description = "JSON output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        int execute() {
            PkiStore store = data.store();
            List<X509Certificate> chain = store.findIdentity(name).map(PkiStore.StoredIdentity::chain)
                    .orElseGet(() -> anchor(store));
            PrintWriter out = spec.commandLine().getOut();
            CertificateInfo info = CertificateInfo.of(chain.get(0));
            if (json) {
                out.println(info.toJson(Map.of("status", status(info, clock.instant()))));
                return ExitCodes.OK;
            }
            out.println("subject:      " + info.subject());
            out.println("issuer:       " + info.issuer());
            out.println("serial:       " + info.serial().toString(16));
            out.println("status:       " + status(info, clock.instant()));
            out.println("valid:        " + info.notBefore() + " .. " + info.notAfter());
            out.println("key:          " + info.key());
            out.println("emails:       " + String.join(", ", info.emails()));
            out.println("DNS names:    " + String.join(", ", info.dnsNames()));
            out.println("IP addresses: " + String.join(", ", info.ipAddresses()));
            out.println("key usage:    " + String.join(", ", info.keyUsage()));
            out.println("ext. usage:   " + String.join(", ", info.extendedKeyUsage()));
            out.println("CA:           " + (info.ca() ? "yes" : "no"));
            out.println("SHA-256:      " + info.sha256Fingerprint());
            for (int i = 1; i < chain.size(); i++) {
                out.println("chain[" + i + "]:     " + chain.get(i).getSubjectX500Principal().getName());
            }
            if (pem) {
                out.println(PemCodec.certificatesPem(chain).stripTrailing());
            }
            return ExitCodes.OK;
        }

        private List<X509Certificate> anchor(PkiStore store) {
            String hex = name.replace(":", "").toLowerCase(Locale.ROOT);
            List<X509Certificate> found = hex.length() >= 8 && hex.matches("[0-9a-f]+")
                    ? store.trustAnchors().stream()
                            .filter(a -> CertificateInfo.of(a).fingerprintHex().startsWith(hex)).toList()
                    : List.of();
            if (found.size() != 1) {
                throw new CommandFailure(found.isEmpty()
                        ? "no identity or trust anchor named '" + name + "' in " + data.data.resolve("pki")
                        : "'" + name + "' matches " + found.size() + " trust anchors: give more digits");
            }
            return found;
        }
    }
}
