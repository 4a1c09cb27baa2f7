package org.villhop.cli;

import java.io.PrintWriter;

import org.villhop.config.GatewayConfig;
import org.villhop.config.UserConfig;
import org.villhop.server.Gateway;

/** What {@code villhop serve} prints once it listens: where, how mail leaves, and how to send a first message. */
final class ServeBanner {
    private ServeBanner() {
    }

    static void print(PrintWriter out, GatewayConfig config, Gateway gateway, boolean embedded, String seeded) {
        out.println("villhop is running" + (embedded
                ? " on the embedded default configuration (SAMPLE PKI and users: never for production)" : ""));
        out.println("  data directory: " + config.dataDir().toAbsolutePath().normalize()
                + (seeded == null ? "" : " (" + seeded + ")"));
        for (Gateway.BoundListener l : gateway.listeners()) {
            out.printf("  %-12s %s:%d  %s%n", l.name(), l.address(), l.port(), switch (l.kind()) {
                case "mx" -> "MX: STARTTLS, mail for " + String.join(", ", config.localDomains())
                        + " from peers";
                case "submission" -> "submission: STARTTLS then AUTH PLAIN/LOGIN";
                default -> "submission over implicit TLS, AUTH PLAIN/LOGIN";
            });
        }
        out.println("  local domains: " + String.join(", ", config.localDomains()));
        out.println("  outbound: " + (config.delivery().relayHost() == null
                ? "by DNS MX (give --relay-host HOST:PORT to send everything to one next hop)"
                : "every message to relay host " + config.delivery().relayHost())
                + "; only to the trust space " + String.join(", ", config.security().trustSpace()));
        out.println("  outbound pipeline: trust-space check" + gateway.outboundStages().stream()
                .map(s -> " → " + s).reduce("", String::concat) + " (" + gateway.identities()
                + " S/MIME identities loaded)");
        out.println("  inbound pipeline: " + String.join(" → ", gateway.inboundStages()) + " → local delivery");
        gateway.listeners().stream().filter(l -> l.kind().equals("submission")).findFirst().ifPresent(l -> {
            UserConfig user = config.users().isEmpty() ? null : config.users().getFirst();
            if (user != null && !user.addresses().isEmpty()) {
                out.println("Send a first message (swaks, Debian package swaks):");
                out.println("  swaks --server " + l.address() + ":" + l.port() + " --tls --auth PLAIN --auth-user "
                        + user.name() + " --auth-password \"$(head -1 " + (user.passwordFile() == null
                        ? "PASSWORD-FILE" : displayPath(user)) + ")\" --from " + user.addresses().getFirst()
                        + " --to dr.martin@medecins.mssante.test --header 'Subject: first message'");
            }
        });
        out.println("Stop with Ctrl-C or SIGTERM (in-flight deliveries finish or are retried at the next start).");
    }

    private static String displayPath(UserConfig user) {
        var cwd = java.nio.file.Path.of("").toAbsolutePath();
        var file = user.passwordFile().toAbsolutePath().normalize();
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }
}
