package org.villhop.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: the delivery agent sends to an SMTP server nobody here wrote (Python's aiosmtpd, Debian package
 * python3-aiosmtpd), over STARTTLS with certificate and host-name verification and a client certificate.
 */
class AiosmtpdInteropTest {

    @Test
    void deliversToAiosmtpdOverVerifiedStartTls(@TempDir Path dir) throws Exception {
        String python = pythonWithAiosmtpd();
        assumeTrue(python != null, "no python3 with aiosmtpd (Debian package python3-aiosmtpd)");
        TestPki pki = new TestPki("Interop CA");
        KeyStore server = pki.issueServer("localhost");
        TestPki.writePemIdentity(server, dir.resolve("server.pem"), dir.resolve("server.key"));
        TestPki.writePem(dir.resolve("ca.pem"), pki.caCertificate());
        Path script = dir.resolve("aiosmtpd_sink.py");
        try (InputStream in = getClass().getResourceAsStream("aiosmtpd_sink.py")) {
            Files.copy(in, script);
        }
        Process sink = new ProcessBuilder(python, script.toString(), dir.resolve("server.pem").toString(),
                dir.resolve("server.key").toString(), dir.resolve("ca.pem").toString())
                .redirectError(dir.resolve("sink.err").toFile()).start();
        byte[] content = "Subject: interop\r\n\r\n.dot line\r\nend\r\n".getBytes(StandardCharsets.US_ASCII);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(sink.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertNotNull(first, () -> "aiosmtpd did not start: " + readQuietly(dir.resolve("sink.err")));
            int port = Integer.parseInt(first.substring("PORT ".length()).strip());

            RouteResolver routes = new RouteResolver(List.of(new Route("hospital.test", "localhost", port,
                    TlsMode.VERIFY)), null, (d, t) -> null, Set.of("hospital.test"), TlsMode.VERIFY);
            SmtpClientSettings settings = SmtpClientSettings.defaults("gw.villhop.test",
                    pki.clientMaterial(pki.issueClient("gw.villhop.test")))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
            try (DeliveryAgent agent = new DeliveryAgent(settings, routes, Clock.systemUTC())) {
                List<RecipientOutcome> outcomes = agent.deliver(new OutboundMessage(
                        Envelope.simple("sec@villhop.test", "a@hospital.test", "b@hospital.test"),
                        BodySource.ofBytes(content), content.length));
                for (RecipientOutcome o : outcomes) {
                    assertEquals(RecipientOutcome.Result.DELIVERED, o.result(), o.detail());
                    assertEquals("250 2.0.0 accepted by aiosmtpd", o.detail());
                }
            }
            String received = out.readLine();
            assertNotNull(received);
            assertTrue(received.contains("\"from\": \"sec@villhop.test\""), received);
            assertTrue(received.contains("\"to\": [\"a@hospital.test\", \"b@hospital.test\"]"), received);
            assertTrue(received.contains("\"mail_options\": [\"SIZE=" + content.length + "\"]"), received);
            assertTrue(received.contains("\"tls\": \"TLSv1.3\""), received);
            assertTrue(received.contains("\"client\": \"gw.villhop.test\""), received);
            assertTrue(received.contains("\"content\": \"Subject: interop\\r\\n\\r\\n.dot line\\r\\nend\\r\\n\""),
                    received);
        } finally {
            sink.getOutputStream().close();
            if (!sink.waitFor(10, TimeUnit.SECONDS)) {
                sink.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** python3 on the PATH, else Debian's /usr/bin/python3, whichever can import aiosmtpd. */
    private static String pythonWithAiosmtpd() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import aiosmtpd").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
        return null;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no error output)";
        }
    }
}
