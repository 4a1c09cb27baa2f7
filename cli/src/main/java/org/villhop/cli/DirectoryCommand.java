package org.villhop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.villhop.directory.RecipientDirectory;
import org.villhop.pki.CertificateInfo;
import org.villhop.pki.Json;
import org.villhop.pki.PemCodec;
import org.villhop.pki.PkiException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code villhop directory}: the recipients' certificates the gateway encrypts for (DATA/directory). */
@Command(name = "directory", mixinStandardHelpOptions = true,
        description = {"Recipients' certificates for outbound encryption, found by email address.",
                "An address is taken from the certificate's subjectAltName; outbound mail is encrypted for every",
                "recipient listed here. Stored in DATA/directory, one PEM per certificate."},
        subcommands = {DirectoryCommand.Add.class, DirectoryCommand.Import.class, DirectoryCommand.ListEntries.class,
                DirectoryCommand.Show.class, DirectoryCommand.Remove.class})
public final class DirectoryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A subcommand on the recipients' directory of {@code --data}. */
    abstract static class OnDirectory extends CertCommand.PkiCall {
        @Mixin
        CertCommand.DataOption data;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        RecipientDirectory directory() {
            return new RecipientDirectory(data.data);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    static String describe(CertificateInfo info) {
        return String.join(",", info.emails()) + "  " + info.subject() + "  until " + info.notAfter()
                + "  SHA-256 " + info.sha256Fingerprint();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add one recipient's certificate (PEM or DER; in a chain file, the one end-entity certificate).")
    static final class Add extends OnDirectory {
        @Parameters(paramLabel = "FILE", description = "The certificate file.")
        Path file;

        @Override
        int execute() throws Exception {
            List<X509Certificate> leaves = PemCodec.readCertificates(Files.readAllBytes(file), file.toString())
                    .stream().filter(c -> c.getBasicConstraints() < 0).toList();
            if (leaves.size() != 1) {
                throw new CommandFailure(file + ": expected one end-entity certificate, found " + leaves.size()
                        + (leaves.isEmpty() ? "" : " (use 'villhop directory import' for several)"));
            }
            RecipientDirectory.Entry entry = directory().add(leaves.get(0));
            out().println("added " + describe(entry.info()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Add every recipient certificate found in the FILEs (PEM bundles, DER, .p7b).",
                    "CA certificates and certificates without an email are reported and skipped."})
    static final class Import extends OnDirectory {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Certificate files.")
        List<Path> files;

        @Override
        int execute() throws Exception {
            RecipientDirectory directory = directory();
            PrintWriter out = out();
            int added = 0;
            List<String> skipped = new ArrayList<>();
            for (Path file : files) {
                for (X509Certificate c : PemCodec.readCertificates(Files.readAllBytes(file), file.toString())) {
                    try {
                        out.println("added " + describe(directory.add(c).info()));
                        added++;
                    } catch (PkiException e) {
                        skipped.add(file + ": " + e.getMessage());
                    }
                }
            }
            skipped.forEach(s -> out.println("skipped " + s));
            out.println(added + " certificate(s) added, " + skipped.size() + " skipped");
            if (added == 0) {
                throw new CommandFailure("no recipient certificate found in " + files);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the recipients' certificates.")
    static final class ListEntries extends OnDirectory {
        @Option(names = "--json", description = "One JSON array, for scripts.")
        boolean json;

        @Override
        int execute() {
            List<RecipientDirectory.Entry> entries = directory().list();
            PrintWriter out = out();
            if (json) {
                out.println(Json.array(entries.stream().map(e -> e.info().toJson(
                        Map.of("status", CertListCommand.status(e.info(), clock.instant())))).toList()));
                return ExitCodes.OK;
            }
            if (entries.isEmpty()) {
                out.println("no recipient certificates in " + data.data.resolve("directory"));
            }
            entries.forEach(e -> out.println(describe(e.info())
                    + (e.info().expiredAt(clock.instant()) ? "  EXPIRED" : "")));
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the certificates of one email address (--pem for the PEM text).")
    static final class Show extends OnDirectory {
        @Parameters(paramLabel = "EMAIL", description = "Email address.")
        String email;
        @Option(names = "--pem", description = "Print the certificates in PEM.")
        boolean pem;

        @Override
        int execute() {
            List<X509Certificate> found = directory().find(email);
            if (found.isEmpty()) {
                throw new CommandFailure("no certificate for '" + email + "' in the recipients' directory");
            }
            PrintWriter out = out();
            for (X509Certificate c : found) {
                CertificateInfo info = CertificateInfo.of(c);
                out.println(describe(info) + "  issuer " + info.issuer() + "  usage "
                        + String.join(",", info.keyUsage()) + "  " + CertListCommand.status(info, clock.instant()));
                if (pem) {
                    out.println(PemCodec.certificatesPem(List.of(c)).stripTrailing());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove the certificates of an email address, or one by SHA-256 fingerprint (prefix).")
    static final class Remove extends OnDirectory {
        @Parameters(paramLabel = "EMAIL|FINGERPRINT", description = "Email address or fingerprint.")
        String key;

        @Override
        int execute() {
            for (RecipientDirectory.Entry e : directory().remove(key)) {
                out().println("removed " + describe(e.info()));
            }
            return ExitCodes.OK;
        }
    }
}
