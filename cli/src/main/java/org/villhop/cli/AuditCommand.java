package org.villhop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

import org.villhop.audit.AuditEntry;
import org.villhop.audit.AuditQuery;
import org.villhop.audit.AuditVerifier;
import org.villhop.audit.VerifyReport;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code villhop audit}: check and search the tamper-evident audit journal ({@code DATA/audit}). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify and search the hash-chained audit journal in DATA/audit.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Search.class})
public final class AuditCommand implements Runnable {
    /** Exit code of {@code audit verify} when the journal was altered. */
    public static final int TAMPERED = 10;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path journalDir(Path data) {
        Path dir = data.resolve("audit");
        if (!Files.exists(dir)) {
            throw new CommandFailure("no audit journal in " + dir + " (is --data right?)");
        }
        return dir;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check every entry's hash and the chain between entries.",
                    "Exit codes: 0 intact, 10 altered (edited, inserted or removed entries), 1 unreadable."})
    static final class Verify implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
                description = "The gateway's data directory (default: ./data).")
        Path data;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            VerifyReport report = AuditVerifier.verify(journalDir(data));
            if (report.intact()) {
                spec.commandLine().getOut().println("audit journal intact: " + report.entries()
                        + " entries; last hash " + report.headHash());
                return 0;
            }
            spec.commandLine().getErr().println("villhop: audit journal altered at line " + report.line() + ": "
                    + report.problem() + " (" + report.entries() + " entries verified before it)");
            return TAMPERED;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Print the journal entries matching every criterion given, oldest first.")
    static final class Search implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
                description = "The gateway's data directory (default: ./data).")
        Path data;
        @Option(names = "--from", paramLabel = "TIME",
                description = "Entries at or after TIME (2026-03-02 or 2026-03-02T08:00:00Z).")
        String from;
        @Option(names = "--to", paramLabel = "TIME", description = "Entries before TIME.")
        String to;
        @Option(names = "--address", paramLabel = "ADDR",
                description = "Entries whose sender, recipient or actor is ADDR.")
        String address;
        @Option(names = "--message-id", paramLabel = "ID",
                description = "Entries whose message id contains ID (queue id or Message-ID).")
        String messageId;
        @Option(names = "--json", description = "The matching journal lines as they are (JSON lines).")
        boolean json;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            AuditQuery query = new AuditQuery(time(from, "--from"), time(to, "--to"), address, messageId);
            List<AuditEntry> found = query.run(journalDir(data));
            PrintWriter out = spec.commandLine().getOut();
            for (AuditEntry e : found) {
                if (json) {
                    out.println(e.toLine());
                } else {
                    out.println(e.time() + " " + e.event().action() + " " + e.event().outcome()
                            + field("actor", e.event().actor()) + field("remote", e.event().remoteAddress())
                            + field("id", e.event().messageId()) + field("from", e.event().sender())
                            + (e.event().recipients().isEmpty() ? "" : " to=" + String.join(",", e.event().recipients()))
                            + field("detail", e.event().detail()));
                }
            }
            if (!json) {
                out.println(found.size() + " entr" + (found.size() == 1 ? "y" : "ies"));
            }
            return 0;
        }

        private static String field(String name, String value) {
            return value == null ? "" : " " + name + "=" + value;
        }

        private static Instant time(String text, String option) {
            if (text == null) {
                return null;
            }
            try {
                return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandFailure(option + " " + text + " is not a date (2026-03-02) or an instant "
                        + "(2026-03-02T08:00:00Z)", ExitCodes.USAGE);
            }
        }
    }
}
