package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.config.ConfigLoader;
import org.villhop.config.DeliverySetup;
import org.villhop.config.GatewayConfig;
import org.villhop.server.Gateway;
import org.villhop.server.GatewayOptions;
import org.villhop.server.SamplePki;
import org.villhop.testing.RawSmtpClient;

/**
 * {@code villhop track} on what a running gateway recorded: a local user submits a message (STARTTLS + AUTH), it is
 * delivered into a colleague's mailbox, an MDN for it arrives on the MX listener; {@code villhop track} then shows the
 * local delivery and the MDN.
 */
class TrackServeEndToEndTest {
    private static final Path SAMPLE = Path.of("..", "certs-sample").toAbsolutePath().normalize();
    private static final String ID = "<suivi-7@ch-lens.mssante.test>";

    @Test
    void villhopTrackShowsTheDeliveryAndTheMdnRecordedByTheRunningGateway(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isRegularFile(SAMPLE.resolve("PASSWORD.txt")), "certs-sample/ is not next to the cli module");
        Path yaml = dir.resolve("villhop.yaml");
        Files.writeString(yaml, """
                hostname: localhost
                data-dir: data
                local-domains: [ch-lens.mssante.test]
                tls:
                  keystore: %1$s/identities/localhost.p12
                  keystore-password-file: %1$s/PASSWORD.txt
                  trust-anchors: [%1$s/ca/root.pem]
                  crls: [%1$s/crl/root.crl.pem, %1$s/crl/intermediate.crl.pem]
                listeners:
                  - {name: mx, kind: mx, address: 127.0.0.1, port: 2525}
                  - {name: submission, kind: submission, address: 127.0.0.1, port: 2587}
                users:
                  - {name: sortie, password-file: %1$s/PASSWORD.txt, addresses: [sortie@ch-lens.mssante.test]}
                  - {name: cardiologie, password-file: %1$s/PASSWORD.txt,
                     addresses: [cardiologie@ch-lens.mssante.test]}
                security:
                  trust-space: [mssante.test, "*.mssante.test"]
                  peer-certificate: optional
                """.formatted(SAMPLE));
        GatewayConfig config = new ConfigLoader(true).load(yaml);
        SamplePki.seed(SAMPLE.resolve("data"), config.dataDir());
        String password = Files.readAllLines(SAMPLE.resolve("PASSWORD.txt")).getFirst().strip();
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {DeliverySetup.trustManager(config.tls())}, null);
        Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withPortOverride(0)
                .withPollInterval(Duration.ofMillis(200)), line -> { });
        try {
            try (RawSmtpClient smtp = new RawSmtpClient(gateway.port("submission"))) {
                smtp.reply();
                smtp.command("EHLO client.test");
                smtp.startTls(client);
                smtp.command("EHLO client.test");
                assertTrue(smtp.command("AUTH PLAIN " + RawSmtpClient.plain("sortie", password)).startsWith("235"));
                send(smtp, "<sortie@ch-lens.mssante.test>", "From: sortie@ch-lens.mssante.test\r\n"
                        + "To: cardiologie@ch-lens.mssante.test\r\nMessage-ID: " + ID + "\r\nSubject: suivi\r\n\r\n"
                        + "Compte rendu.\r\n");
            }
            awaitTracked(config.dataDir(), "delivered");
            try (RawSmtpClient peer = new RawSmtpClient(gateway.port("mx"))) {
                peer.reply();
                peer.command("EHLO peer.test");
                send(peer, "<>", """
                        From: cardiologie@ch-lens.mssante.test\r
                        To: sortie@ch-lens.mssante.test\r
                        Message-ID: <mdn-7@ch-lens.mssante.test>\r
                        Subject: lu\r
                        MIME-Version: 1.0\r
                        Content-Type: multipart/report; report-type=disposition-notification; boundary="b"\r
                        \r
                        --b\r
                        Content-Type: text/plain\r
                        \r
                        Lu.\r
                        --b\r
                        Content-Type: message/disposition-notification\r
                        \r
                        Reporting-UA: mua.ch-lens.mssante.test\r
                        Final-Recipient: rfc822; cardiologie@ch-lens.mssante.test\r
                        Original-Message-ID: %s\r
                        Disposition: manual-action/MDN-sent-manually; displayed\r
                        --b--\r
                        """.formatted(ID));
            }
            awaitTracked(config.dataDir(), "displayed");
        } finally {
            gateway.close();
        }
        VillhopCommandTest.Run track = VillhopCommandTest.run("track", ID, "--data", config.dataDir().toString());
        assertEquals(0, track.code(), track.err());
        assertTrue(track.out().contains("cardiologie@ch-lens.mssante.test"), track.out());
        assertTrue(track.out().toLowerCase(java.util.Locale.ROOT).contains("delivered"), track.out());
        assertTrue(track.out().toLowerCase(java.util.Locale.ROOT).contains("read"), track.out());
    }

    private static void send(RawSmtpClient smtp, String from, String content) throws Exception {
        assertTrue(smtp.command("MAIL FROM:" + from).startsWith("250"));
        String rcpt = from.equals("<>") ? "sortie" : "cardiologie";
        assertTrue(smtp.command("RCPT TO:<" + rcpt + "@ch-lens.mssante.test>").startsWith("250"));
        assertTrue(smtp.command("DATA").startsWith("354"));
        String reply = smtp.command(content + ".");
        assertTrue(reply.startsWith("250"), reply);
    }

    /** Waits (30 s at most) until {@code villhop track --json} mentions {@code word}. */
    private static void awaitTracked(Path data, String word) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            VillhopCommandTest.Run run = VillhopCommandTest.run("track", ID, "--json", "--data", data.toString());
            if (run.code() == 0 && run.out().toLowerCase(java.util.Locale.ROOT).contains(word)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("villhop track never showed '" + word + "': " + run.out() + run.err());
            }
            Thread.sleep(50);
        }
    }
}
