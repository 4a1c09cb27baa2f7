package org.villhop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.villhop.audit.Json;
import org.villhop.policy.HeaderBlock;
import org.villhop.quarantine.QuarantineEntry;
import org.villhop.quarantine.QuarantineStore;
import org.villhop.server.GatewayException;
import org.villhop.server.QuarantineActions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code villhop quarantine}: inbound messages held for a bad S/MIME verdict ({@code DATA/quarantine}). */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = {"Inbound messages held in DATA/quarantine because of their S/MIME verdict "
                + "(security.on-bad-signature / on-undecryptable: quarantine).",
                "release and delete are audited and run with the gateway stopped (they take the data directory's "
                        + "lock)."},
        subcommands = {QuarantineCommand.ListHeld.class, QuarantineCommand.Show.class,
                QuarantineCommand.Release.class, QuarantineCommand.Delete.class})
public final class QuarantineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The {@code --data} option. */
    static class DataOption {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
                description = "The gateway's data directory (default: ./data).")
        Path data;

        QuarantineStore store() {
            return new QuarantineStore(QuarantineStore.dirIn(data), Clock.systemUTC());
        }

        QuarantineEntry find(QuarantineStore store, String id) throws IOException {
            return store.find(id).orElseThrow(() -> new CommandFailure("no message " + id + " in the quarantine "
                    + QuarantineStore.dirIn(data)));
        }
    }

    static Map<String, Object> json(QuarantineEntry e) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", e.id());
        map.put("held", e.held().toString());
        map.put("queueId", e.queueId());
        map.put("sender", e.sender());
        map.put("recipients", e.recipients());
        map.put("verdict", e.verdict());
        map.put("size", e.size());
        return map;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List held messages, oldest first.")
    static final class ListHeld implements Callable<Integer> {
        @CommandLine.Mixin
        DataOption data;
        @Option(names = "--json", description = "One JSON array instead of a table.")
        boolean json;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<QuarantineEntry> entries = data.store().list();
            if (json) {
                out.println(Json.write(entries.stream().map(QuarantineCommand::json).toList()));
                return 0;
            }
            if (entries.isEmpty()) {
                out.println("quarantine is empty");
                return 0;
            }
            out.printf("%-22s %-20s %-30s %-30s %s%n", "ID", "HELD", "SENDER", "RECIPIENTS", "VERDICT");
            for (QuarantineEntry e : entries) {
                out.printf("%-22s %-20s %-30s %-30s %s%n", e.id(), e.held().toString().substring(0, 19) + "Z",
                        e.sender().isEmpty() ? "<>" : e.sender(), String.join(", ", e.recipients()),
                        e.verdict().length() > 60 ? e.verdict().substring(0, 57) + "..." : e.verdict());
            }
            out.println(entries.size() + " message(s)");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a held message: why it is held, its envelope and its headers (--body: the whole "
                    + "message as received).")
    static final class Show implements Callable<Integer> {
        @CommandLine.Mixin
        DataOption data;
        @Parameters(paramLabel = "ID", description = "The quarantine id (from 'villhop quarantine list').")
        String id;
        @Option(names = "--json", description = "JSON instead of text.")
        boolean json;
        @Option(names = "--body", description = "Print the whole message as received after the description.")
        boolean body;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            QuarantineStore store = data.store();
            QuarantineEntry e = data.find(store, id);
            if (json) {
                out.println(Json.write(json(e)));
                return 0;
            }
            out.println("id:         " + e.id());
            out.println("held:       " + e.held());
            out.println("queue id:   " + e.queueId());
            out.println("sender:     <" + e.sender() + ">");
            out.println("recipients: " + String.join(", ", e.recipients()));
            out.println("verdict:    " + e.verdict());
            out.println("size:       " + e.size() + " octets");
            try (InputStream in = store.open(id)) {
                HeaderBlock headers = HeaderBlock.read(in);
                for (String name : List.of("From", "To", "Subject", "Date", "Message-ID")) {
                    for (String value : headers.values(name)) {
                        out.println(name + ": " + value.strip());
                    }
                }
            } catch (HeaderBlock.HeaderTooLargeException tooLarge) {
                out.println("(header section too large to show)");
            }
            if (body) {
                out.println();
                out.flush();
                try (InputStream in = store.open(id)) {
                    out.print(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"Deliver a held message after all: it is queued again for its recipients and delivered "
                    + "with its verdict stamped, not held again.", "Run it with the gateway stopped."})
    static final class Release implements Callable<Integer> {
        @CommandLine.Mixin
        DataOption data;
        @Parameters(paramLabel = "ID", description = "The quarantine id.")
        String id;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            data.find(data.store(), id);
            String queueId;
            try {
                queueId = QuarantineActions.release(data.data, id, actor(), Clock.systemUTC());
            } catch (GatewayException e) {
                throw new CommandFailure(e.getMessage());
            }
            spec.commandLine().getOut().println("released " + id + ": queued again as " + queueId);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a held message for good (audited).", "Run it with the gateway stopped."})
    static final class Delete implements Callable<Integer> {
        @CommandLine.Mixin
        DataOption data;
        @Parameters(paramLabel = "ID", description = "The quarantine id.")
        String id;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            data.find(data.store(), id);
            try {
                QuarantineActions.delete(data.data, id, actor(), Clock.systemUTC());
            } catch (GatewayException e) {
                throw new CommandFailure(e.getMessage());
            }
            spec.commandLine().getOut().println("deleted " + id);
            return 0;
        }
    }

    /** Who acts, for the audit journal: the operating-system user running the command. */
    private static String actor() {
        return "admin:" + System.getProperty("user.name", "unknown");
    }
}
