package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code villhop serve}: configuration errors are reported without a stack trace; a real run (child JVM) prints
 * where it listens, speaks SMTP there, stops cleanly on SIGTERM and keeps its queue for the next start.
 */
class ServeCommandTest {
    private static final Path SAMPLE = Path.of("..", "certs-sample").toAbsolutePath().normalize();
    private static final Pattern LISTENER = Pattern.compile("^\\s+(mx|submission|submissions)\\s+127\\.0\\.0\\.1:(\\d+)");

    @Test
    void configurationErrorsAreListedWithLineAndKeyAndExitOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                local-domains: [ch-lens.mssante.test]
                tls:
                  keystore: nowhere.p12
                  keystore-password-file: nowhere.txt
                listeners:
                  - {name: mx, kind: mx, port: 70000}
                """);
        VillhopCommandTest.Run run = VillhopCommandTest.run("serve", "--config", file.toString());
        assertEquals(1, run.code());
        List<String> lines = run.err().lines().toList();
        assertTrue(lines.contains(file + ":3: tls.keystore: file not found or not readable: "
                + dir.resolve("nowhere.p12")), run.err());
        assertTrue(lines.contains(file + ":6: listeners[0].port: 70000 is out of range 0..65535"), run.err());
        assertEquals("villhop: " + file + " is invalid: 3 errors", lines.getLast());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aBadRelayHostIsAUsageError(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(SAMPLE), "certs-sample/ is not next to the cli module");
        VillhopCommandTest.Run run = VillhopCommandTest.run("serve", "--config", config(dir).toString(),
                "--relay-host", "no-port-here");
        assertEquals(ExitCodes.USAGE, run.code());
        assertEquals("villhop: --relay-host: 'no-port-here' is not HOST:PORT", run.err().strip());
    }

    @Test
    void servesUntilSigtermThenKeepsItsQueueForTheNextStart(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(SAMPLE), "certs-sample/ is not next to the cli module");
        Path config = config(dir);
        Process serve = start(config);
        List<String> banner = banner(serve);
        int mx = port(banner, "mx");
        assertTrue(port(banner, "submission") > 0 && port(banner, "submissions") > 0, banner.toString());
        assertTrue(banner.stream().anyMatch(l -> l.contains("outbound pipeline: trust-space check → pack → "
                + "X-MSS-NIL → sign+encrypt")), banner.toString());
        String reply = sendOverMx(mx);
        assertTrue(reply.startsWith("250 2.0.0 queued as"), reply);
        serve.destroy();
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
        String err = Files.readString(config.resolveSibling("serve.err"));
        assertTrue(err.contains("villhop: stopped"), err);
        assertFalse(err.contains("\tat "), err);

        VillhopCommandTest.Run queue = VillhopCommandTest.run("queue", "list", "--data",
                dir.resolve("data").toString());
        assertTrue(queue.out().contains("sortie@ch-lens.mssante.test"), queue.out());
        Process again = start(config);
        try {
            assertTrue(port(banner(again), "mx") > 0, "restarts on the same data directory");
        } finally {
            again.destroy();
            again.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Ports 0, the sample PKI, next hops nobody listens on, even for the local domain (mail stays queued). */
    private static Path config(Path dir) throws IOException {
        return Files.writeString(dir.resolve("villhop.yaml"), """
                hostname: localhost
                data-dir: data
                local-domains: [ch-lens.mssante.test]
                tls:
                  keystore: %1$s/identities/localhost.p12
                  keystore-password-file: %1$s/PASSWORD.txt
                  trust-anchors: [%1$s/ca/root.pem]
                  crls: [%1$s/crl/root.crl.pem, %1$s/crl/intermediate.crl.pem]
                listeners:
                  - {name: mx, kind: mx, address: 127.0.0.1, port: 0}
                  - {name: submission, kind: submission, address: 127.0.0.1, port: 0}
                  - {name: submissions, kind: submissions, address: 127.0.0.1, port: 0}
                users:
                  - {name: sortie, password-file: %1$s/PASSWORD.txt, addresses: [sortie@ch-lens.mssante.test]}
                delivery:
                  relay-host: 127.0.0.1:9
                  routes:
                    - {domain: ch-lens.mssante.test, host: localhost, port: 9, tls: required-verified}
                security:
                  trust-space: [mssante.test, "*.mssante.test"]
                  peer-certificate: optional
                """.formatted(SAMPLE));
    }

    private static Process start(Path config) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Villhop.class.getName(), "serve", "--config",
                config.toString()).redirectError(config.resolveSibling("serve.err").toFile()).start();
    }

    /** The lines printed up to the stop hint. */
    private static List<String> banner(Process serve) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (line.startsWith("Stop with")) {
                return lines;
            }
        }
        throw new AssertionError("serve ended before listening: " + lines);
    }

    private static int port(List<String> banner, String listener) {
        for (String line : banner) {
            Matcher m = LISTENER.matcher(line);
            if (m.find() && m.group(1).equals(listener)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no " + listener + " line in " + banner);
    }

    /** A peer's message to a local mailbox, in clear text on the MX listener; returns the reply to the data. */
    private static String sendOverMx(int port) throws IOException {
        try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            String last = null;
            for (String command : new String[] {null, "EHLO peer.test", "MAIL FROM:<dr.martin@medecins.mssante.test>",
                    "RCPT TO:<sortie@ch-lens.mssante.test>", "DATA",
                    "From: dr.martin@medecins.mssante.test\r\nSubject: kept\r\n\r\nhello\r\n."}) {
                if (command != null) {
                    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                do {
                    last = in.readLine();
                } while (last != null && last.length() > 3 && last.charAt(3) == '-');
            }
            return last;
        }
    }
}
