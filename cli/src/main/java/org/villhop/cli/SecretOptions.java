package org.villhop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * How a command receives a password: from a file (first line) or an environment variable, never on the command line
 * where {@code ps} and shell history would show it. Mix in with {@code @Mixin SecretOptions password;}.
 */
public final class SecretOptions {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the key password from the first line of FILE.")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Read the key password from environment variable VAR.")
    String passwordEnv;

    /** True when the user named a source. */
    public boolean given() {
        return passwordFile != null || passwordEnv != null;
    }

    /** The password, or a {@link CommandFailure} saying which source is missing. Never logs the value. */
    public char[] read() {
        if (passwordFile != null && passwordEnv != null) {
            throw new CommandFailure("give either --password-file or --password-env, not both", ExitCodes.USAGE);
        }
        if (passwordFile != null) {
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                String line = end < 0 ? text : text.substring(0, end);
                return line.stripTrailing().toCharArray();
            } catch (IOException e) {
                throw new CommandFailure("cannot read password file " + passwordFile + ": " + e.getMessage());
            }
        }
        if (passwordEnv != null) {
            String value = System.getenv(passwordEnv);
            if (value == null) {
                throw new CommandFailure("environment variable " + passwordEnv + " is not set");
            }
            return value.toCharArray();
        }
        throw new CommandFailure("a password is needed: give --password-file FILE or --password-env VAR",
                ExitCodes.USAGE);
    }
}
