package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.smime.SmimeVerdict;
import org.villhop.testing.ExternalProcess;

/** Clients nobody here wrote (Python's smtplib, swaks) submit to the assembled gateway; the mail reaches the next hop. */
class GatewayThirdPartyClientsTest {
    @TempDir
    Path dir;
    private GatewayHarness h;
    private final Path ca = GatewayHarness.SAMPLE.resolve("ca/root.pem");

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(dir, "").start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void pythonSmtplibSubmitsOverStartTlsAndImplicitTlsAndBothMessagesAreRelayed() throws Exception {
        assumeTrue(ExternalProcess.available("python3"), "python3 is not installed");
        Path script = dir.resolve("client.py");
        Files.writeString(script, """
                import os, smtplib, ssl, sys
                from email.message import EmailMessage
                submission, submissions, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
                context = ssl.create_default_context(cafile=cafile)
                def message(n):
                    msg = EmailMessage()
                    msg['From'] = 'Sortie <sortie@ch-lens.mssante.test>'
                    msg['To'] = 'dr.martin@medecins.mssante.test'
                    msg['Subject'] = 'from smtplib %d' % n
                    msg['Message-ID'] = '<py-%d@ch-lens.mssante.test>' % n
                    msg.set_content('Compte rendu\\n.leading dot\\n')
                    return msg
                with smtplib.SMTP('localhost', submission, timeout=20) as s:
                    s.starttls(context=context)
                    s.login('sortie', os.environ['VILLHOP_TEST_PASSWORD'])
                    s.send_message(message(1))
                with smtplib.SMTP_SSL('localhost', submissions, timeout=20, context=context) as s:
                    s.login('sortie', os.environ['VILLHOP_TEST_PASSWORD'])
                    s.send_message(message(2))
                print('sent 2', flush=True)
                """);
        ExternalProcess.Result result = ExternalProcess.run(dir,
                Map.of("VILLHOP_TEST_PASSWORD", GatewayHarness.password()), List.of("python3", script.toString(),
                        String.valueOf(h.port("submission")), String.valueOf(h.port("submissions")), ca.toString()));
        assertEquals(0, result.exitCode(), result.output());
        h.await("both messages at the next hop", () -> h.sink.received.size() == 2);
        for (int n = 1; n <= 2; n++) {
            String id = "Message-ID: <py-" + n + "@ch-lens.mssante.test>";
            assertTrue(h.sink.received.stream().anyMatch(r -> r.text().contains(id)), "Message-ID kept");
        }
        for (var received : h.sink.received) {
            GatewayHarness.Opened opened = h.openAs("dr.martin", received.content());
            assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
            assertTrue(opened.text().contains("\r\n.leading dot\r\n"), "dot-stuffing undone once");
        }
    }

    @Test
    void opensslDecryptsWithTheGpsKeyAndVerifiesTheSignatureToTheSampleRoot() throws Exception {
        assumeTrue(ExternalProcess.available("openssl"), "openssl is not installed");
        try (SubmissionClient smtp = SubmissionClient.login(h, "sortie")) {
            String reply = smtp.send("<" + GatewayHarness.SENDER + ">", List.of("<" + GatewayHarness.GP + ">"),
                    "From: " + GatewayHarness.SENDER + "\r\nTo: " + GatewayHarness.GP + "\r\nSubject: for openssl"
                            + "\r\nMessage-ID: <openssl@ch-lens.mssante.test>\r\n\r\nLettre de liaison.\r\n");
            assertTrue(reply.startsWith("250"), reply);
        }
        h.await("the message at the next hop", () -> h.sink.received.size() == 1);
        Path received = Files.write(dir.resolve("received.eml"), h.sink.received.getFirst().content());
        Path identities = GatewayHarness.SAMPLE.resolve("identities");
        ExternalProcess.Result decrypted = ExternalProcess.run(dir, Map.of(), List.of("openssl", "cms", "-decrypt",
                "-in", received.toString(), "-recip", identities.resolve("dr.martin.pem").toString(), "-inkey",
                identities.resolve("dr.martin.key.pem").toString(), "-passin",
                "file:" + GatewayHarness.SAMPLE.resolve("PASSWORD.txt"), "-out", "decrypted.eml"));
        assertEquals(0, decrypted.exitCode(), decrypted.output());
        ExternalProcess.Result verified = ExternalProcess.run(dir, Map.of(), List.of("openssl", "cms", "-verify",
                "-in", "decrypted.eml", "-CAfile", ca.toString(), "-out", "content.txt"));
        assertEquals(0, verified.exitCode(), verified.output());
        assertTrue(verified.output().contains("Verification successful"), verified.output());
        assertTrue(Files.readString(dir.resolve("content.txt")).contains("Lettre de liaison."));
    }

    @Test
    void swaksSubmitsWithVerifiedStartTlsAndTheMessageIsRelayed() throws Exception {
        assumeTrue(ExternalProcess.available("swaks"), "swaks is not installed (.ci/run installs it)");
        ExternalProcess.Result sent = ExternalProcess.run(dir, Map.of(), List.of("swaks", "--server", "localhost",
                "--port", String.valueOf(h.port("submission")), "--tls", "--tls-verify", "--tls-ca-path",
                ca.toString(), "--auth", "PLAIN", "--auth-user", "sortie", "--auth-password",
                GatewayHarness.password(), "--from", GatewayHarness.SENDER, "--to", GatewayHarness.GP,
                "--header", "Subject: from swaks", "--body", "hello from swaks"));
        assertEquals(0, sent.exitCode(), sent.output());
        assertTrue(sent.output().contains("250 2.0.0 queued as"), sent.output());
        h.await("the message at the next hop", () -> h.sink.received.size() == 1);
        assertTrue(h.sink.received.getFirst().text().contains("Subject: from swaks"));
        assertTrue(h.sink.received.getFirst().tls());
    }
}
