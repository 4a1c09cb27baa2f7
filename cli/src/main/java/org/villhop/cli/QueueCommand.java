package org.villhop.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.villhop.audit.Json;
import org.villhop.config.ConfigError;
import org.villhop.config.ConfigException;
import org.villhop.config.ConfigLoader;
import org.villhop.queue.QueuedMessage;
import org.villhop.server.AdministrativeBounce;
import org.villhop.server.AdministrativeDelete;
import org.villhop.server.GatewayException;
import org.villhop.queue.RecipientState;
import org.villhop.queue.SqliteMessageQueue;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code villhop queue}: look at and act on the gateway's message queue ({@code DATA/queue}). */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Inspect and manage the message queue in DATA/queue.",
        subcommands = {QueueCommand.ListQueue.class, QueueCommand.Show.class, QueueCommand.Retry.class,
                QueueCommand.Bounce.class, QueueCommand.Delete.class})
public final class QueueCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The {@code --data} option and opening the queue. */
    static class DataOption {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
                description = "The gateway's data directory (default: ./data).")
        Path data;

        SqliteMessageQueue open() throws IOException {
            Path dir = data.resolve("queue");
            if (!Files.isRegularFile(dir.resolve("queue.db"))) {
                throw new CommandFailure("no queue in " + dir + " (is --data right?)");
            }
            return SqliteMessageQueue.open(dir, Clock.systemUTC());
        }
    }

    /** A subcommand on the queue: the {@code --data} option and where its output goes. */
    abstract static class OnQueue implements Callable<Integer> {
        @CommandLine.Mixin
        DataOption data;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** A subcommand on one queued message, named by its queue id. */
    abstract static class OnMessage extends OnQueue {
        @Parameters(paramLabel = "ID", description = "The queue id (from 'villhop queue list').")
        String id;
    }

    static CommandFailure noMessage(String id) {
        return new CommandFailure("no message " + id + " in the queue");
    }

    private static String status(RecipientState r) {
        return r.status().name().toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> json(QueuedMessage m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", m.id());
        map.put("received", m.received().toString());
        map.put("size", m.size());
        map.put("sender", m.envelope().sender());
        map.put("envid", m.envelope().envelopeId());
        map.put("ret", m.envelope().dsnReturn() == null ? null : m.envelope().dsnReturn().name());
        map.put("authenticatedUser", m.envelope().authenticatedUser());
        map.put("remoteAddress", m.envelope().remoteAddress());
        map.put("recipients", m.recipients().stream().map(QueueCommand::json).toList());
        return map;
    }

    private static Map<String, Object> json(RecipientState r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("address", r.recipient().address());
        map.put("status", status(r));
        map.put("attempts", r.attempts());
        map.put("lastReply", r.lastReply());
        map.put("nextAttempt", r.status().isFinal() ? null : r.nextAttempt().toString());
        map.put("notify", r.recipient().notifyOn().stream().map(Enum::name).sorted().toList());
        map.put("orcpt", r.recipient().orcpt());
        return map;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List queued messages, oldest first.")
    static final class ListQueue extends OnQueue {
        @Option(names = "--json", description = "One JSON array instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            try (SqliteMessageQueue queue = data.open()) {
                List<QueuedMessage> messages = queue.list();
                if (json) {
                    out.println(Json.write(messages.stream().map(QueueCommand::json).toList()));
                    return 0;
                }
                if (messages.isEmpty()) {
                    out.println("queue is empty");
                    return 0;
                }
                out.printf("%-22s %-20s %9s  %-30s %s%n", "ID", "RECEIVED", "SIZE", "SENDER", "RECIPIENTS");
                for (QueuedMessage m : messages) {
                    String to = m.recipients().stream().map(r -> r.recipient().address() + " (" + status(r) + ")")
                            .collect(Collectors.joining(", "));
                    out.printf("%-22s %-20s %9d  %-30s %s%n", m.id(), m.received().toString().substring(0, 19) + "Z",
                            m.size(), m.envelope().sender().isEmpty() ? "<>" : m.envelope().sender(), to);
                }
                out.println(messages.size() + " message(s)");
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one message's envelope and per-recipient status.")
    static final class Show extends OnMessage {
        @Option(names = "--json", description = "JSON instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            try (SqliteMessageQueue queue = data.open()) {
                QueuedMessage m = queue.find(id).orElseThrow(() -> noMessage(id));
                if (json) {
                    out.println(Json.write(json(m)));
                    return 0;
                }
                out.println("id:        " + m.id());
                out.println("received:  " + m.received());
                out.println("size:      " + m.size() + " octets");
                out.println("sender:    <" + m.envelope().sender() + ">");
                out.println("submitted: " + (m.envelope().authenticatedUser() == null ? "unauthenticated"
                        : "by " + m.envelope().authenticatedUser()) + " from " + m.envelope().remoteAddress());
                if (m.envelope().envelopeId() != null || m.envelope().dsnReturn() != null) {
                    out.println("dsn:       ENVID=" + m.envelope().envelopeId() + " RET=" + m.envelope().dsnReturn());
                }
                for (RecipientState r : m.recipients()) {
                    out.println("recipient: <" + r.recipient().address() + "> " + status(r) + ", " + r.attempts()
                            + " attempt(s)"
                            + (r.status().isFinal() ? "" : ", next " + r.nextAttempt())
                            + (r.lastReply() == null ? "" : ", last reply: " + r.lastReply())
                            + (r.recipient().notifyOn().isEmpty() ? "" : ", NOTIFY=" + r.recipient().notifyOn()));
                }
            }
            return 0;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Make a deferred message due now (delivery picks it up on its next pass).")
    static final class Retry extends OnQueue {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "The queue id.")
        String id;
        @Option(names = "--all", description = "Every message in the queue.")
        boolean all;

        @Override
        public Integer call() throws IOException {
            if ((id == null) == !all) {
                throw new CommandFailure("give a queue id or --all", ExitCodes.USAGE);
            }
            try (SqliteMessageQueue queue = data.open()) {
                List<String> ids = all ? queue.list().stream().map(QueuedMessage::id).toList() : List.of(id);
                for (String one : ids) {
                    if (!queue.retryNow(one, Instant.now())) {
                        throw noMessage(one);
                    }
                }
                out().println(ids.size() + " message(s) due now");
            }
            return 0;
        }
    }

    @Command(name = "bounce", mixinStandardHelpOptions = true,
            description = {"Give up on a message: every recipient not yet delivered is bounced with the reason, the "
                    + "sender gets the failure DSN (per NOTIFY; none for a null sender) and the message leaves the "
                    + "queue.", "Run it with the gateway stopped (it takes the data directory's lock)."})
    static final class Bounce extends OnMessage {
        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "bounced by the administrator",
                description = "Why (goes into the DSN and the audit journal; default: ${DEFAULT-VALUE}).")
        String reason;
        @Option(names = "--hostname", paramLabel = "NAME",
                description = "The gateway's host name, the DSN's Reporting-MTA (default: the hostname of --config, "
                        + "else this machine's canonical host name).")
        String hostname;
        @Option(names = "--config", paramLabel = "FILE",
                description = "The gateway's configuration file, whose hostname is the DSN's Reporting-MTA.")
        Path config;

        @Override
        public Integer call() throws IOException {
            data.open().close();
            String reportingMta = reportingMta();
            AdministrativeBounce.Result result;
            try {
                result = AdministrativeBounce.bounce(data.data, reportingMta, id, reason, Clock.systemUTC());
            } catch (GatewayException e) {
                throw new CommandFailure(e.getMessage());
            }
            out().println(result.bounced().isEmpty()
                    ? "no recipient of " + id + " was pending; released"
                    : "bounced " + id + ": " + String.join(", ", result.bounced()));
            return 0;
        }

        /** --hostname, else the configuration's hostname, else this machine's canonical host name. */
        private String reportingMta() throws IOException {
            if (hostname != null) {
                if (hostname.isBlank() || hostname.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                    throw new CommandFailure("--hostname: '" + hostname + "' is not a host name", ExitCodes.USAGE);
                }
                return hostname;
            }
            if (config != null) {
                if (!Files.isRegularFile(config)) {
                    throw new CommandFailure("--config: no such file: " + config);
                }
                try {
                    return new ConfigLoader(false).load(config).hostname();
                } catch (ConfigException e) {
                    throw new CommandFailure("--config: " + config + " is invalid: " + e.errors().stream()
                            .map(ConfigError::toString).collect(Collectors.joining("; ")));
                }
            }
            try {
                return InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                throw new CommandFailure("cannot find this machine's host name (" + e.getMessage()
                        + "): give --hostname or --config");
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Remove a message from the queue without delivering it or sending a DSN (audited as "
                    + "message.deleted).", "Run it with the gateway stopped (it takes the data directory's lock)."})
    static final class Delete extends OnMessage {
        @Override
        public Integer call() throws IOException {
            data.open().close();
            try {
                AdministrativeDelete.delete(data.data, id, "admin:" + System.getProperty("user.name", "unknown"),
                        Clock.systemUTC());
            } catch (GatewayException e) {
                throw new CommandFailure(e.getMessage());
            }
            out().println("deleted " + id);
            return 0;
        }
    }
}
