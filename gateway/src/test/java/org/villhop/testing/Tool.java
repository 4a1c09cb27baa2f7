package org.villhop.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program (openssl, gpgsm, a child JVM) in a directory and captures what it printed. */
public final class Tool {
    private Tool() {
    }

    /** What the program did. */
    public record Result(int code, String out, String err) {
        public Result expectSuccess() {
            if (code != 0) {
                throw new AssertionError("exit " + code + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }

    /** Skips the test (JUnit assumption) when {@code program} is not installed; CI installs it. */
    public static void assumeInstalled(String program) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                found = true;
            }
        }
        assumeTrue(found, program + " is not installed: interoperability test skipped (.ci/run installs it)");
    }

    public static Result run(Path dir, Map<String, String> env, List<String> command) throws IOException,
            InterruptedException {
        return run(dir, env, command, "");
    }

    /** Runs {@code command} with {@code stdin} as its standard input. */
    public static Result run(Path dir, Map<String, String> env, List<String> command, String stdin)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }

    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, Map.of(), new ArrayList<>(List.of(command)));
    }
}
