package org.villhop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.villhop.pki.Json;
import org.villhop.receipts.ReceiptException;
import org.villhop.receipts.RecipientStatus;
import org.villhop.receipts.StatusEvent;
import org.villhop.receipts.TrackedMessage;
import org.villhop.receipts.TrackingStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code villhop track <message-id>}: what the receipts (DSN, MDN) said about a sent message, recipient by recipient. */
@Command(name = "track", mixinStandardHelpOptions = true,
        description = {"Show the delivery and reading history of a sent message, recipient by recipient.",
                "States come from DSNs (delivered, relayed, delayed, failed) and MDNs",
                "(processed, integration error 900-906, read, deleted).",
                "Kept in DATA/tracking/tracking.db; see docs/receipts.md."})
public final class TrackCommand implements Callable<Integer> {
    @Mixin
    CertCommand.DataOption data;
    @Parameters(paramLabel = "MESSAGE-ID", description = "Message-ID of the sent message, with or without <>.")
    String messageId;
    @Option(names = "--json", description = "One JSON object, for scripts.")
    boolean json;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path file = TrackingStore.fileIn(data.data);
        if (!Files.exists(file)) {
            throw new CommandFailure("no tracking database in " + data.data
                    + " (expected " + file + "): nothing sent from this data directory has been tracked");
        }
        TrackedMessage message;
        try (TrackingStore store = TrackingStore.open(file, Clock.systemUTC())) {
            message = store.find(messageId).orElseThrow(() -> new CommandFailure(
                    "message " + messageId + " is not tracked in " + file));
        } catch (ReceiptException e) {
            throw new CommandFailure(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? json(message) : text(message));
        return ExitCodes.OK;
    }

    static String text(TrackedMessage m) {
        StringBuilder s = new StringBuilder();
        s.append("Message-ID <").append(m.messageId()).append(">  sent ").append(m.sentAt()).append(" by ")
                .append(m.sender()).append(m.envelopeId().map(e -> "  ENVID " + e).orElse("")).append('\n');
        m.current().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> s.append("  ")
                .append(e.getKey()).append("  ").append(e.getValue()).append("  ")
                .append(e.getValue().description()).append(origin(m, e.getKey(), e.getValue())).append('\n'));
        s.append("history:\n");
        for (StatusEvent e : m.history()) {
            s.append("  ").append(e.at()).append("  ").append(e.recipient()).append("  ").append(e.status())
                    .append("  ").append(e.detail()).append("  (").append(e.source()).append(")\n");
        }
        return s.toString().stripTrailing();
    }

    /** Where the current state came from: " (DSN)" from a delivery report, " (this gateway)" seen by villhop. */
    private static String origin(TrackedMessage m, String recipient, RecipientStatus status) {
        String source = m.history().stream().filter(e -> e.recipient().equals(recipient) && e.status() == status)
                .reduce((first, second) -> second).map(StatusEvent::source).orElse("");
        if (source.startsWith("DSN")) {
            return " (DSN)";
        }
        return source.equals("local") ? " (this gateway)" : "";
    }

    static String json(TrackedMessage m) {
        String recipients = m.current().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "{\"address\":" + Json.string(e.getKey()) + ",\"status\":" + Json.string(e.getValue().name())
                        + "}")
                .collect(Collectors.joining(",", "[", "]"));
        List<String> history = m.history().stream().map(e -> "{\"at\":" + Json.string(e.at().toString())
                + ",\"recipient\":" + Json.string(e.recipient()) + ",\"status\":" + Json.string(e.status().name())
                + ",\"detail\":" + Json.string(e.detail()) + ",\"source\":" + Json.string(e.source()) + "}").toList();
        return "{\"messageId\":" + Json.string(m.messageId())
                + ",\"envelopeId\":" + m.envelopeId().map(Json::string).orElse("null")
                + ",\"sender\":" + Json.string(m.sender()) + ",\"sentAt\":" + Json.string(m.sentAt().toString())
                + ",\"recipients\":" + recipients + ",\"history\":" + Json.array(history) + "}";
    }
}
