package org.villhop.cli;

import java.io.PrintWriter;
import java.util.List;

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
                        + " from peers" + (config.security().peerCertificate()
                        == org.villhop.config.SecurityConfig.PeerCertificate.REQUIRED
                        && !config.security().trustSpace().isEmpty()
                        ? " (trust-space senders: TLS client certificate required)" : "");
                case "submission" -> "submission: STARTTLS then AUTH PLAIN/LOGIN";
                case "submissions" -> "submission over implicit TLS, AUTH PLAIN/LOGIN";
                case "imap" -> "IMAP: STARTTLS before LOGIN, the local mailboxes";
                default -> "IMAP over implicit TLS, the local mailboxes";
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
        out.println("  inbound pipeline: " + String.join(" → ", gateway.inboundStages())
                + " → the local mailboxes (or the local domain's route)");
        gateway.listeners().stream().filter(l -> l.kind().equals("submission")).findFirst().ifPresent(l -> {
            List<UserConfig> users = config.users().stream().filter(u -> !u.addresses().isEmpty()).toList();
            if (users.size() < 2) {
                return;
            }
            UserConfig from = users.get(0);
            UserConfig to = users.get(1);
            String password = from.passwordFile() == null ? "PASSWORD-FILE" : displayPath(from);
            out.println("Send a first message (swaks, Debian package swaks), from " + from.name() + " to "
                    + to.name() + "'s mailbox:");
            out.println("  swaks --server " + l.address() + ":" + l.port() + " --tls --auth PLAIN --auth-user "
                    + from.name() + " --auth-password \"$(head -1 " + password + ")\" --from "
                    + from.addresses().getFirst() + " --to " + to.addresses().getFirst()
                    + " --header 'Subject: first message'");
            gateway.listeners().stream().filter(i -> i.kind().equals("imaps")).findFirst().ifPresent(i ->
                    out.println("  then read it over IMAP (TLS) at " + i.address() + ":" + i.port() + " as user "
                            + to.name() + " with the same password."));
        });
        out.println("Stop with Ctrl-C or SIGTERM (in-flight deliveries finish or are retried at the next start).");
    }

    private static String displayPath(UserConfig user) {
        var cwd = java.nio.file.Path.of("").toAbsolutePath();
        var file = user.passwordFile().toAbsolutePath().normalize();
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }
}
