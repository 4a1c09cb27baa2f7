package org.villhop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.villhop.pack.DischargePack;
import org.villhop.pack.DischargePackBuilder;
import org.villhop.pack.PackDocument;
import org.villhop.pack.PackSettings;
import org.villhop.pack.render.PackTemplates;
import org.villhop.pack.request.CompletenessRules;
import org.villhop.pack.request.DischargeRequest;
import org.villhop.pack.request.RequestParser;
import org.villhop.pack.request.RequestProblem;
import org.villhop.pack.request.RequestVerdict;
import org.villhop.pack.xdm.XdmArchiveWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code villhop pack}: check and render discharge requests (pack de sortie) without sending anything. */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Discharge pack: validate a request, render its PDFs, CDAs and IHE_XDM.ZIP, measure rendering.",
        subcommands = {PackCommand.Validate.class, PackCommand.Render.class, PackCommand.Bench.class})
public final class PackCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads and validates a request; prints every problem and fails when there is one. */
    static DischargeRequest load(Path file, PrintWriter err) throws IOException {
        RequestVerdict verdict;
        try (InputStream in = Files.newInputStream(file)) {
            verdict = new RequestParser(new CompletenessRules(Clock.systemDefaultZone())).parse(in);
        }
        if (verdict instanceof RequestVerdict.Invalid invalid) {
            for (RequestProblem problem : invalid.problems()) {
                err.println(problem);
            }
            throw new CommandFailure(file + " is not a valid discharge request: " + invalid.problems().size()
                    + " problem(s)");
        }
        return ((RequestVerdict.Valid) verdict).request();
    }

    static PackSettings settings(Path templates) {
        return PackSettings.defaults().withTemplateFolder(templates);
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a discharge request against the schema and the completeness rules; lists every "
                    + "problem with its JSON path (exit 1 when there is one).")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "REQUEST", description = "The request (JSON, e.g. sortie.sortie.json).")
        Path request;

        @Override
        public Integer call() throws IOException {
            DischargeRequest r = load(request, spec.commandLine().getErr());
            spec.commandLine().getOut().println("valid: " + request + " (pack " + r.packId() + ", version "
                    + r.version() + ", " + DischargePackBuilder.kindsIn(r).size() + " documents)");
            return ExitCodes.OK;
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Render a discharge request to DIR: one PDF/A-1b per document, its CDA (*.cda.xml) and "
                    + "IHE_XDM.ZIP, exactly what would be sent. Nothing is sent.")
    static final class Render implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "REQUEST", description = "The request (JSON).")
        Path request;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created).")
        Path out;

        @Option(names = "--templates", paramLabel = "DIR",
                description = "Your own template folder (files override the built-in ones by name).")
        Path templates;

        @Override
        public Integer call() throws IOException {
            DischargeRequest r = load(request, spec.commandLine().getErr());
            DischargePack pack = build(r);
            Files.createDirectories(out);
            PrintWriter stdout = spec.commandLine().getOut();
            for (PackDocument d : pack.documents()) {
                write(stdout, out.resolve(d.kind().pdfFileName()), d.pdf(), d.kind().title());
                if (d.structured()) {
                    write(stdout, out.resolve(d.kind().baseName() + ".cda.xml"), d.cda(),
                            "CDA R2 level 1, type " + d.kind().typeCode() + ", version " + d.ids().version());
                }
            }
            write(stdout, out.resolve(XdmArchiveWriter.ARCHIVE_NAME), pack.xdmZip(),
                    pack.structuredDocuments().size() + " CDA documents");
            return ExitCodes.OK;
        }

        private DischargePack build(DischargeRequest r) {
            try {
                return new DischargePackBuilder(settings(templates), Clock.systemDefaultZone()).build(r);
            } catch (PackTemplates.TemplateFailure e) {
                throw new CommandFailure(e.getMessage());
            }
        }

        private static void write(PrintWriter stdout, Path file, byte[] content, String what) throws IOException {
            Files.write(file, content);
            stdout.printf("wrote %s (%,d bytes): %s%n", file, content.length, what);
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Measure how long rendering a whole pack takes once warm (PDFs, CDAs, IHE_XDM.ZIP).")
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "REQUEST", description = "The request (JSON).")
        Path request;

        @Option(names = "--warmup", defaultValue = "10", description = "Untimed runs first (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--runs", defaultValue = "30", description = "Timed runs (default ${DEFAULT-VALUE}).")
        int runs;

        @Override
        public Integer call() throws IOException {
            if (runs < 1 || warmup < 0) {
                throw new CommandFailure("--runs must be at least 1 and --warmup at least 0", ExitCodes.USAGE);
            }
            DischargeRequest r = load(request, spec.commandLine().getErr());
            DischargePackBuilder builder = new DischargePackBuilder(settings(null), Clock.systemDefaultZone());
            long first = System.nanoTime();
            DischargePack pack = builder.build(r);
            double coldMs = (System.nanoTime() - first) / 1e6;
            for (int i = 0; i < warmup; i++) {
                builder.build(r);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                builder.build(r);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            List<PackDocument> docs = pack.documents();
            spec.commandLine().getOut().printf(
                    "pack of %d documents (%d CDA): first %.0f ms; warm over %d runs: median %.1f ms, p90 %.1f ms, "
                            + "min %.1f ms, max %.1f ms%n",
                    docs.size(), pack.structuredDocuments().size(), coldMs, runs, ms[runs / 2],
                    ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.9) - 1)], ms[0], ms[runs - 1]);
            return ExitCodes.OK;
        }
    }
}
