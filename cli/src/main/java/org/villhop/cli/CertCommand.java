package org.villhop.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import org.villhop.pki.PkiException;
import org.villhop.pki.PkiStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code villhop cert}: the CA, the gateway's identities, trust anchors and CRLs of a data directory. */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = {"Certificates: a CA (root + intermediate), issuing, import/export, revocation and CRLs.",
                "Keys are kept in DATA/pki as PKCS#12 (AES-256-CBC, PBKDF2-HMAC-SHA256); see docs/data-directory.md."},
        subcommands = {CertCaCommand.class, CertIssueCommand.class, CertImportCommand.class,
                CertListCommand.class, CertListCommand.Show.class, CertExportCommand.class,
                CertRevokeCommand.class, CertRevokeCommand.Crl.class, CertCheckCommand.class})
public final class CertCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --data DIR}: the gateway's data directory. */
    static final class DataOption {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
                description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        PkiStore store() {
            return new PkiStore(data);
        }
    }

    /** {@code --in-password-file/--in-password-env}: the password of a file being imported, when it differs. */
    static final class InputSecret {
        @Option(names = "--in-password-file", paramLabel = "FILE",
                description = "Password of the input file, first line of FILE (default: the --password one).")
        Path file;

        @Option(names = "--in-password-env", paramLabel = "VAR",
                description = "Password of the input file, from environment variable VAR.")
        String env;

        char[] readOr(SecretOptions fallback) {
            if (file == null && env == null) {
                return fallback.read();
            }
            SecretOptions s = new SecretOptions();
            s.passwordFile = file;
            s.passwordEnv = env;
            return s.read();
        }
    }

    /** A subcommand body whose PKI errors become one-line user errors. */
    abstract static class PkiCall implements Callable<Integer> {
        final Clock clock = Clock.systemUTC();
        final SecureRandom random = new SecureRandom();

        abstract int execute() throws Exception;

        @Override
        public final Integer call() throws Exception {
            try {
                return execute();
            } catch (PkiException e) {
                throw new CommandFailure(e.getMessage());
            } catch (UncheckedIOException e) {
                throw new CommandFailure(e.getMessage());
            }
        }
    }

    /** "30d", "12h", "90m" or an ISO-8601 duration ("P30D"). */
    static Duration parseDuration(String text, String option) {
        try {
            if (text.matches("\\d+[dhm]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofMinutes(n);
                };
            }
            return Duration.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new CommandFailure(option + ": not a duration '" + text + "' (examples: 30d, 12h, P30D)",
                    ExitCodes.USAGE);
        }
    }

    /** "2030-01-31" (midnight UTC) or an ISO-8601 instant ("2030-01-31T12:00:00Z"). */
    static Instant parseInstant(String text, String option) {
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandFailure(option + ": not a date '" + text + "' (examples: 2030-01-31, 2030-01-31T12:00:00Z)",
                    ExitCodes.USAGE);
        }
    }
}
