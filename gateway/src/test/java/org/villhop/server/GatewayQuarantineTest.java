package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.villhop.server.GatewayHarness.SAMPLE;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.quarantine.QuarantineEntry;
import org.villhop.quarantine.QuarantineStore;
import org.villhop.smime.EncryptOptions;
import org.villhop.smime.SignOptions;
import org.villhop.smime.SmimeComposer;
import org.villhop.smime.SmimeIdentity;
import org.villhop.trust.Certificates;

/**
 * With {@code on-bad-signature: quarantine} and {@code on-undecryptable: quarantine}, inbound mail with such a verdict
 * is held in DATA/quarantine (never dropped, never delivered), audited, and released or deleted by the administrator;
 * good mail goes through as before.
 */
class GatewayQuarantineTest {
    private static final String LOCAL = "cardiologie@ch-lens.mssante.test";
    @TempDir
    Path dir;
    private GatewayHarness h;

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private GatewayHarness quarantining() throws Exception {
        return new GatewayHarness(dir, "  on-bad-signature: quarantine\n  on-undecryptable: quarantine\n").start();
    }

    private QuarantineStore store() {
        return new QuarantineStore(QuarantineStore.dirIn(h.config.dataDir()), h.clock);
    }

    @Test
    void badlySignedMailIsHeldUntilReleasedThenDeliveredWithItsVerdict() throws Exception {
        h = quarantining();
        send(fromPeer("revoked.dr.petit", "dr.petit@medecins.mssante.test", "cardiologie.ch-lens", "revoque"),
                "dr.petit@medecins.mssante.test");
        send(fromPeer("dr.martin", "dr.martin@medecins.mssante.test", "cardiologie.ch-lens", "bon"),
                "dr.martin@medecins.mssante.test");
        h.await("the good message delivered", () -> h.internal.received.size() == 1);
        h.await("the bad one held", () -> h.audited(QuarantineHold.QUARANTINED));
        h.await("the queue empty", () -> {
            try {
                return h.gateway.queue().list().isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertTrue(h.internal.received.getFirst().text().contains("Subject: bon"));
        List<QuarantineEntry> held = store().list();
        assertEquals(1, held.size());
        QuarantineEntry entry = held.getFirst();
        assertTrue(entry.verdict().startsWith("revoked; signed by dr.petit@medecins.mssante.test"), entry.verdict());
        assertEquals(List.of(LOCAL), entry.recipients());
        assertEquals("dr.petit@medecins.mssante.test", entry.sender());

        h.gateway.close();
        String queued = QuarantineActions.release(h.config.dataDir(), entry.id(), "admin:test", h.clock);
        assertTrue(store().list().isEmpty());
        h.start();
        h.await("the released message delivered", () -> h.internal.received.size() == 2);
        String released = h.internal.received.get(1).text();
        assertTrue(released.contains("X-Villhop-SMIME-Status: revoked; signed by dr.petit@medecins.mssante.test"),
                released);
        assertTrue(released.contains("Subject: revoque"), released);
        assertTrue(h.audit().stream().anyMatch(e -> e.event().action().equals(QuarantineActions.RELEASED)
                && e.event().detail().contains(queued)));
        assertTrue(store().list().isEmpty(), "not held a second time");
    }

    @Test
    void undecryptableMailIsHeldAndCanBeDeletedForGood() throws Exception {
        h = quarantining();
        send(fromPeer("dr.martin", "dr.martin@medecins.mssante.test", "infirmiere.durand", "illisible"),
                "dr.martin@medecins.mssante.test");
        h.await("the message held", () -> h.audited(QuarantineHold.QUARANTINED));
        QuarantineEntry entry = store().list().getFirst();
        assertTrue(entry.verdict().startsWith("no-decryption-key;"), entry.verdict());
        try (var in = store().open(entry.id())) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.US_ASCII).contains("application/pkcs7-mime"),
                    "held exactly as received");
        }
        h.gateway.close();
        QuarantineActions.delete(h.config.dataDir(), entry.id(), "admin:test", h.clock);
        assertTrue(store().list().isEmpty());
        assertTrue(h.audited(QuarantineActions.DELETED));
        assertEquals(0, h.internal.received.size(), "never delivered");
    }

    private void send(byte[] message, String from) throws Exception {
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            String reply = peer.send("<" + from + ">", List.of("<" + LOCAL + ">"),
                    new String(message, StandardCharsets.US_ASCII));
            assertTrue(reply.startsWith("250"), reply);
        }
    }

    /** What a peer gateway sends: signed by {@code signer}, encrypted for {@code recipientCert}. */
    private static byte[] fromPeer(String signer, String from, String recipientCert, String subject) throws Exception {
        String message = "From: " + from + "\r\nTo: " + LOCAL + "\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <" + subject + "@medecins.mssante.test>\r\n\r\nResultats.\r\n";
        SmimeIdentity key = SmimeIdentity.loadPkcs12(SAMPLE.resolve("identities/" + signer + ".p12"),
                GatewayHarness.password().toCharArray()).getFirst();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(Clock.systemUTC()).signAndEncrypt(new ByteArrayInputStream(message.getBytes(
                StandardCharsets.UTF_8)), out, key, SignOptions.defaults(), Certificates.read(SAMPLE.resolve(
                "identities/" + recipientCert + ".pem")), EncryptOptions.defaults());
        return out.toByteArray();
    }
}
