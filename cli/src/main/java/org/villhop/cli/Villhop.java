package org.villhop.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code villhop} command. {@link #execute} is a plain function (streams in, exit code out) so that tests call it
 * exactly as a user's shell would.
 */
@Command(name = "villhop",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Secure health-messaging gateway for MSSanté: S/MIME, certificates, relay, mailboxes.",
        subcommands = {
                CommandLine.HelpCommand.class,
                CertCommand.class,
                DirectoryCommand.class,
                QueueCommand.class,
                AuditCommand.class,
                ConfigCommand.class,
                ServeCommand.class,
                PackCommand.class,
                SmimeCommand.class,
                BenchCommand.class,
                TrackCommand.class,
                MailboxCommand.class,
                QuarantineCommand.class,
        })
public final class Villhop implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the stack trace of an internal failure.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(out, err, args));
    }

    /** Runs the command line and returns its exit code; never throws. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        Villhop root = new Villhop();
        CommandLine cmd = new CommandLine(root);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setParameterExceptionHandler(new UsageErrorHandler());
        cmd.setExecutionExceptionHandler(new FailureHandler(root));
        return cmd.execute(args);
    }
}
