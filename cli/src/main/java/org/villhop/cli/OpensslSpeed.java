package org.villhop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs {@code openssl speed -seconds 1} for reference figures and reads them from its table. */
final class OpensslSpeed {
    private OpensslSpeed() {
    }

    /** One line per figure, or one line saying why there are none. */
    static List<String> figures() {
        List<String> lines = new ArrayList<>();
        try {
            Optional<String> rsa = run("speed", "-seconds", "1", "rsa2048");
            rsa.flatMap(out -> row(out, "rsa 2048")).ifPresent(cols ->
                    lines.add(String.format("  openssl rsa2048 sign/s          %10s  (one core)", cols.get(cols.size() - 2))));
            for (String algorithm : List.of("sha256", "aes-256-cbc", "aes-256-gcm")) {
                run("speed", "-seconds", "1", "-bytes", "16384", "-evp", algorithm)
                        .flatMap(out -> row(out, algorithm.toUpperCase(java.util.Locale.ROOT).replace("-", "")
                                .equals("SHA256") ? "sha256" : algorithm))
                        .ifPresent(cols -> lines.add(String.format("  openssl %-22s %10.0f MB/s (one core, 16 KB blocks)",
                                algorithm, parseK(cols.getLast()) / 1000.0)));
            }
        } catch (IOException e) {
            lines.add("  openssl speed could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lines.add("  openssl speed interrupted");
        }
        if (lines.isEmpty()) {
            lines.add("  openssl speed gave no readable figures (is openssl installed?)");
        }
        return lines;
    }

    private static Optional<String> run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("openssl not found", e);
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            return Optional.empty();
        }
        return Optional.of(new String(out, StandardCharsets.UTF_8));
    }

    /** The whitespace-separated columns of the last table row starting with {@code name}. */
    private static Optional<List<String>> row(String output, String name) {
        List<String> found = null;
        for (String line : output.split("\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith(name.toLowerCase(java.util.Locale.ROOT))) {
                found = List.of(line.trim().split("\\s+"));
            }
        }
        return Optional.ofNullable(found);
    }

    /** openssl prints throughput in thousands of bytes per second with a trailing "k". */
    private static double parseK(String value) {
        return Double.parseDouble(value.endsWith("k") ? value.substring(0, value.length() - 1) : value);
    }
}
