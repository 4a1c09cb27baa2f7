package org.villhop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import org.villhop.config.ConfigError;
import org.villhop.config.ConfigException;
import org.villhop.config.ConfigLoader;
import org.villhop.config.GatewayConfig;
import org.villhop.users.PasswordHasher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code villhop config}: validate a configuration file, print the embedded default. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check a configuration file; print the embedded default configuration; hash a user's password.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Default.class, ConfigCommand.HashPassword.class})
public final class ConfigCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate a configuration file and report every error with its line and key.",
                    "Exit 0 with a one-line summary when valid, 1 when not."})
    static final class Check implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The YAML configuration file.")
        Path file;

        @Option(names = "--no-file-check",
                description = "Do not require the files the configuration names (key stores, CRLs...) to exist.")
        boolean noFileCheck;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new CommandFailure("no such file: " + file);
            }
            try {
                GatewayConfig config = new ConfigLoader(!noFileCheck).load(file);
                spec.commandLine().getOut().println(file + ": valid: " + config.summary());
                return ExitCodes.OK;
            } catch (ConfigException e) {
                for (ConfigError error : e.errors()) {
                    spec.commandLine().getErr().println(file + ":" + (error.line() > 0 ? error.line() + ":" : "")
                            + " " + (error.key().isEmpty() ? "" : error.key() + ": ") + error.message());
                }
                int n = e.errors().size();
                throw new CommandFailure(file + " is invalid: " + n + (n == 1 ? " error" : " errors"));
            }
        }
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = {"Print the hash of a user's password for users[].password-hash (PBKDF2-HMAC-SHA256, "
                    + "600,000 iterations, a fresh salt each time).",
                    "The password comes from --password-file or --password-env, never the command line."})
    static final class HashPassword implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        SecretOptions password;

        @Override
        public Integer call() {
            char[] secret = password.read();
            try {
                if (secret.length == 0) {
                    throw new CommandFailure("the password is empty");
                }
                spec.commandLine().getOut().println(new PasswordHasher().hash(secret));
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            } finally {
                Arrays.fill(secret, '\0');
            }
        }
    }

    @Command(name = "default", mixinStandardHelpOptions = true,
            description = "Print the embedded default configuration (what `villhop serve` uses without --config).")
    static final class Default implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ConfigLoader.defaultText());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
