package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.villhop.server.GatewayHarness.SAMPLE;
import static org.villhop.server.GatewayHarness.SENDER;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.smime.EncryptOptions;
import org.villhop.smime.SignOptions;
import org.villhop.smime.SmimeComposer;
import org.villhop.smime.SmimeIdentity;
import org.villhop.smime.SmimeVerdict;
import org.villhop.trust.Certificates;

/**
 * The S/MIME policy of the assembled gateway: recipients without certificate (encrypt-required bounces, tls-only is
 * signed only), and inbound mail from a peer decrypted and verified with one verdict header.
 */
class GatewaySmimePolicyTest {
    private static final String NO_CERT = "dr.nobody@medecins.mssante.test";
    private static final String LOCAL = "cardiologie@ch-lens.mssante.test";
    private static final Pattern STATUS = Pattern.compile("(?m)^X-Villhop-SMIME-Status: ([^\\r\\n]*)");
    @TempDir
    Path dir;
    private GatewayHarness h;

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private void submit(String to) throws Exception {
        try (SubmissionClient smtp = SubmissionClient.login(h, "sortie")) {
            String reply = smtp.send("<" + SENDER + ">", List.of("<" + to + ">"), "From: " + SENDER + "\r\nTo: " + to
                    + "\r\nSubject: policy\r\n\r\nConfidentiel.\r\n");
            assertTrue(reply.startsWith("250"), reply);
        }
    }

    @Test
    void recipientWithoutCertificateBouncesWhenItsDomainRequiresEncryption() throws Exception {
        h = new GatewayHarness(dir, "").start();
        submit(NO_CERT);
        h.await("the failure notice", () -> h.internal.received.size() == 1);
        String dsn = h.internal.received.getFirst().text();
        assertTrue(dsn.contains("Status: 5.7.1"), dsn);
        assertTrue(dsn.contains("encrypt-required"), dsn);
        assertEquals(0, h.sink.received.size(), "nothing in clear text");
    }

    @Test
    void recipientWithoutCertificateGetsTheSignedMessageWhenItsDomainIsTlsOnly() throws Exception {
        h = new GatewayHarness(dir, "  domains:\n    - {domain: medecins.mssante.test, policy: tls-only}\n").start();
        submit(NO_CERT);
        h.await("the message at the next hop", () -> h.sink.received.size() == 1);
        String text = h.sink.received.getFirst().text();
        assertTrue(text.contains("multipart/signed"), text);
        assertTrue(text.contains("not encrypted (no certificate known, domain policy tls-only)"), text);
        assertTrue(h.sink.received.getFirst().tls());
        GatewayHarness.Opened opened = h.openAs("dr.martin", h.sink.received.getFirst().content());
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
    }

    /** What a peer gateway sends: signed by {@code signer}, encrypted for {@code recipientCert}, a forged header. */
    private byte[] fromPeer(String signer, String from, String recipientCert) throws Exception {
        String message = "From: " + from + "\r\nTo: " + LOCAL + "\r\nSubject: resultats\r\n"
                + "X-Villhop-SMIME-Status: valid; forged by the sender\r\nMessage-ID: <peer@medecins.mssante.test>\r\n"
                + "\r\nResultats de biologie.\r\n";
        SmimeIdentity key = SmimeIdentity.loadPkcs12(SAMPLE.resolve("identities/" + signer + ".p12"),
                GatewayHarness.password().toCharArray()).getFirst();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(Clock.systemUTC()).signAndEncrypt(new ByteArrayInputStream(message.getBytes(
                StandardCharsets.UTF_8)), out, key, SignOptions.defaults(), Certificates.read(SAMPLE.resolve(
                "identities/" + recipientCert + ".pem")), EncryptOptions.defaults());
        return out.toByteArray();
    }

    private String deliverFromPeer(byte[] message, String from) throws Exception {
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            String reply = peer.send("<" + from + ">", List.of("<" + LOCAL + ">"),
                    new String(message, StandardCharsets.US_ASCII));
            assertTrue(reply.startsWith("250"), reply);
        }
        h.await("local delivery", () -> h.internal.received.size() == 1);
        return h.internal.received.getFirst().text();
    }

    private static List<String> statuses(String text) {
        Matcher m = STATUS.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void inboundMailIsDecryptedVerifiedAndStampedWithOneVerdict() throws Exception {
        h = new GatewayHarness(dir, "").start();
        String delivered = deliverFromPeer(fromPeer("dr.martin", "dr.martin@medecins.mssante.test",
                "cardiologie.ch-lens"), "dr.martin@medecins.mssante.test");
        assertEquals(List.of("valid; signed by dr.martin@medecins.mssante.test; encrypted"), statuses(delivered));
        assertTrue(delivered.contains("Resultats de biologie."), delivered);
        assertTrue(delivered.contains("Message-ID: <peer@medecins.mssante.test>"), delivered);
    }

    @Test
    void inboundMailFromARevokedSignerIsDeliveredWithThatVerdict() throws Exception {
        h = new GatewayHarness(dir, "").start();
        String delivered = deliverFromPeer(fromPeer("revoked.dr.petit", "dr.petit@medecins.mssante.test",
                "cardiologie.ch-lens"), "dr.petit@medecins.mssante.test");
        List<String> status = statuses(delivered);
        assertEquals(1, status.size(), delivered);
        assertTrue(status.getFirst().startsWith("revoked; signed by dr.petit@medecins.mssante.test; encrypted"),
                status.getFirst());
    }

    @Test
    void inboundMailNoLocalKeyCanOpenIsDeliveredAsReceivedWithThatVerdict() throws Exception {
        h = new GatewayHarness(dir, "").start();
        String delivered = deliverFromPeer(fromPeer("dr.martin", "dr.martin@medecins.mssante.test",
                "infirmiere.durand"), "dr.martin@medecins.mssante.test");
        List<String> status = statuses(delivered);
        assertEquals(1, status.size(), delivered);
        assertTrue(status.getFirst().startsWith("no-decryption-key;"), status.getFirst());
        assertTrue(status.getFirst().endsWith("delivered as received"), status.getFirst());
        assertTrue(delivered.contains("application/pkcs7-mime"), "still encrypted, not dropped");
    }

    @Test
    void anIdentityImportedWhileTheGatewayRunsOpensTheNextMessageWithoutARestart() throws Exception {
        h = new GatewayHarness(dir, "").start();
        Path identities = h.config.dataDir().resolve("pki/identities");
        Path held = dir.resolve("held");
        java.nio.file.Files.createDirectories(held);
        for (String ext : List.of(".p12", ".pem")) {
            java.nio.file.Files.move(identities.resolve("cardiologie.ch-lens" + ext), held.resolve("c" + ext));
        }
        byte[] forCardiologie = fromPeer("dr.martin", "dr.martin@medecins.mssante.test", "cardiologie.ch-lens");
        assertTrue(statuses(deliverFromPeer(forCardiologie, "dr.martin@medecins.mssante.test")).getFirst()
                .startsWith("no-decryption-key;"), "its key was removed from the running gateway");

        for (String ext : List.of(".p12", ".pem")) {
            java.nio.file.Files.move(held.resolve("c" + ext), identities.resolve("cardiologie.ch-lens" + ext));
        }
        h.internal.received.clear();
        assertEquals(List.of("valid; signed by dr.martin@medecins.mssante.test; encrypted"),
                statuses(deliverFromPeer(forCardiologie, "dr.martin@medecins.mssante.test")));
        assertTrue(h.log.stream().anyMatch(l -> l.contains("added cardiologie.ch-lens")), h.log.toString());
    }
}
