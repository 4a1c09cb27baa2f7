package org.villhop.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line (software nobody here wrote) for interop tests. */
public final class OpenSsl {
    public record Result(int code, String output) {
    }

    private OpenSsl() {
    }

    public static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "openssl is not installed (.ci/run installs it): " + e.getMessage());
            throw e;
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl timed out: " + command);
        }
        return new Result(p.exitValue(), out);
    }

    /** Runs openssl and fails with its output unless it exits 0. */
    public static String ok(Path dir, String... args) throws IOException, InterruptedException {
        Result r = run(dir, args);
        if (r.code() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed:\n" + r.output());
        }
        return r.output();
    }
}
