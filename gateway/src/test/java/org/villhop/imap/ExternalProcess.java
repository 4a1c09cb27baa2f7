package org.villhop.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs a real client program (python3, curl) and returns its exit code and output. */
final class ExternalProcess {

    record Result(int exitCode, String output) {
    }

    private ExternalProcess() {
    }

    static void assumeInstalled(String program) {
        boolean found = java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
        assumeTrue(found, program + " is not installed (.ci/run installs it); skipping this interoperability test");
    }

    static Result run(List<String> command, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(directory, "process-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.getFirst() + " did not finish within 90 s: "
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
