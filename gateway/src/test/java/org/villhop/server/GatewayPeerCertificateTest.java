package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.villhop.server.GatewayHarness.GP;
import static org.villhop.server.GatewayHarness.SENDER;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.config.DeliverySetup;
import org.villhop.pki.CertificateAuthority;
import org.villhop.pki.CertificateProfile;
import org.villhop.pki.Identity;
import org.villhop.pki.IssueRequest;
import org.villhop.pki.KeyAlgorithm;
import org.villhop.pki.PkiStore;
import org.villhop.pki.RevocationReason;
import org.villhop.testing.ExternalProcess;
import org.villhop.testing.RawSmtpClient;
import org.villhop.testing.TestPki;
import org.villhop.trust.Certificates;

/**
 * On the MX listener, a peer sending from a trust-space domain (medecins.mssante.test) must present a TLS client
 * certificate from the configured trust anchors, valid, not revoked, naming its domain: over real sockets and real
 * TLS, with certificates issued by the sample CA (and one by a CA the gateway does not trust).
 */
class GatewayPeerCertificateTest {
    @TempDir
    Path dir;
    private GatewayHarness h;
    private Identity good;
    private Identity otherDomain;
    private Identity revoked;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(dir, "  peer-certificate: required\n");
        char[] password = GatewayHarness.password().toCharArray();
        CertificateAuthority ca = CertificateAuthority.open(new PkiStore(h.config.dataDir()), h.clock,
                new SecureRandom());
        good = ca.issue("peer-medecins", peer("mx.medecins.mssante.test"), KeyAlgorithm.RSA_2048, password);
        otherDomain = ca.issue("peer-autre", peer("mx.autre.mssante.test"), KeyAlgorithm.RSA_2048, password);
        revoked = ca.issue("peer-revoked", peer("mx2.medecins.mssante.test"), KeyAlgorithm.RSA_2048, password);
        ca.revoke(revoked.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE);
        ca.publishCrls(Duration.ofDays(30), password);
        h.start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private IssueRequest peer(String host) {
        return new IssueRequest(CertificateProfile.TLS_CLIENT, host, "Peer operator",
                List.of("postmaster@" + host.substring(host.indexOf('.') + 1)), List.of(host), List.of(),
                h.clock.instant().minus(Duration.ofDays(1)), h.clock.instant().plus(Duration.ofDays(300)));
    }

    @Test
    void trustSpacePeerWithItsDomainsCertificateIsAccepted() throws Exception {
        try (RawSmtpClient peer = overTls(good.privateKey(), good.chain())) {
            assertTrue(peer.command("MAIL FROM:<" + GP + ">").startsWith("250"));
            assertTrue(peer.command("RCPT TO:<" + SENDER + ">").startsWith("250"));
            assertTrue(peer.command("DATA").startsWith("354"));
            String reply = peer.command("From: " + GP + "\r\nTo: " + SENDER + "\r\nSubject: t\r\n\r\nhello\r\n.");
            assertTrue(reply.startsWith("250 2.0.0 queued as"), reply);
        }
    }

    @Test
    void trustSpacePeerInClearTextIsRefused() throws Exception {
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            String reply = peer.smtp.command("MAIL FROM:<" + GP + ">");
            assertTrue(reply.startsWith("530 5.7.0 must issue a STARTTLS command first"), reply);
        }
        assertEquals(List.of(), h.gateway.queue().list());
        var refused = h.audit().stream().map(e -> e.event())
                .filter(e -> e.action().equals(org.villhop.audit.AuditEvent.MESSAGE_REFUSED)).toList();
        assertEquals(1, refused.size(), "the peer-certificate refusal is audited: " + refused);
        assertEquals(GP, refused.getFirst().sender());
        assertTrue(refused.getFirst().detail().startsWith("530 5.7.0 must issue a STARTTLS command first"),
                refused.getFirst().detail());
    }

    @Test
    void trustSpacePeerWithoutClientCertificateIsRefused() throws Exception {
        try (RawSmtpClient peer = overTls(null, null)) {
            String reply = peer.command("MAIL FROM:<" + GP + ">");
            assertTrue(reply.startsWith("530 5.7.0") && reply.contains("none was presented"), reply);
        }
    }

    @Test
    void certificateFromAnUntrustedAuthorityIsRefused() throws Exception {
        TestPki rogue = TestPki.rsa("Rogue");
        TestPki.Spec base = rogue.spec("mx.medecins.mssante.test");
        TestPki.Issued issued = rogue.issue(base.withKeyUsage(KeyUsage.digitalSignature)
                .withExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        try (RawSmtpClient peer = overTls(issued.key(), issued.withChain())) {
            String reply = peer.command("MAIL FROM:<" + GP + ">");
            assertTrue(reply.startsWith("550 5.7.1 TLS client certificate refused") && reply.contains("issuer unknown"),
                    reply);
        }
    }

    @Test
    void revokedCertificateIsRefused() throws Exception {
        try (RawSmtpClient peer = overTls(revoked.privateKey(), revoked.chain())) {
            String reply = peer.command("MAIL FROM:<" + GP + ">");
            assertTrue(reply.startsWith("550 5.7.1") && reply.contains("revoked"), reply);
        }
    }

    @Test
    void certificateOfAnotherDomainCannotSendForThisOne() throws Exception {
        try (RawSmtpClient peer = overTls(otherDomain.privateKey(), otherDomain.chain())) {
            String reply = peer.command("MAIL FROM:<" + GP + ">");
            assertTrue(reply.startsWith("550 5.7.1") && reply.contains("does not name trust-space domain "
                    + "medecins.mssante.test"), reply);
            assertTrue(peer.command("MAIL FROM:<someone@autre.mssante.test>").startsWith("250"),
                    "the same certificate may send for its own domain");
        }
    }

    @Test
    void senderOutsideTheTrustSpaceKeepsTodaysRules() throws Exception {
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            assertTrue(peer.smtp.command("MAIL FROM:<someone@outside.test>").startsWith("250"));
            assertTrue(peer.smtp.command("RCPT TO:<" + GP + ">").startsWith("550 5.7.1"), "still no relay");
            assertTrue(peer.smtp.command("RSET").startsWith("250"));
            assertTrue(peer.smtp.command("MAIL FROM:<>").startsWith("250"), "bounces are not concerned");
        }
    }

    @Test
    void swaksPresentingThePeersCertificateIsAcceptedAndWithoutOneIsRefused() throws Exception {
        assumeTrue(ExternalProcess.available("swaks"), "swaks is not installed (.ci/run installs it)");
        Path cert = Files.writeString(dir.resolve("peer.pem"), good.chain().stream().map(Certificates::toPem)
                .collect(Collectors.joining()));
        Path key = TestPki.writePem(dir.resolve("peer.key"), good.privateKey());
        List<String> swaks = List.of("swaks", "--server", "localhost", "--port", String.valueOf(h.port("mx")),
                "--tls", "--tls-verify", "--tls-ca-path", GatewayHarness.SAMPLE.resolve("ca/root.pem").toString(),
                "--from", GP, "--to", SENDER, "--header", "Subject: from swaks with a certificate");
        ExternalProcess.Result with = ExternalProcess.run(dir, Map.of(), Stream.concat(swaks.stream(),
                Stream.of("--tls-cert", cert.toString(), "--tls-key", key.toString())).toList());
        assertEquals(0, with.exitCode(), with.output());
        assertTrue(with.output().contains("250 2.0.0 queued as"), with.output());
        ExternalProcess.Result without = ExternalProcess.run(dir, Map.of(), swaks);
        assertTrue(without.exitCode() != 0, without.output());
        assertTrue(without.output().contains("530 5.7.0 mail from trust-space domain medecins.mssante.test needs a "
                + "TLS client certificate"), without.output());
    }

    /** A peer after EHLO, STARTTLS (presenting {@code key}+{@code chain} when not null) and EHLO again. */
    private RawSmtpClient overTls(PrivateKey key, List<X509Certificate> chain) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(key == null ? null : new X509KeyManager[] {new FixedKeyManager(key, chain)},
                new TrustManager[] {DeliverySetup.trustManager(h.config.tls())}, null);
        RawSmtpClient smtp = new RawSmtpClient(h.port("mx"));
        smtp.reply();
        smtp.command("EHLO peer.test");
        String started = smtp.startTls(context);
        assertTrue(started.startsWith("220"), started);
        smtp.command("EHLO peer.test");
        return smtp;
    }

    /** Presents one key and chain whatever the server asks (a misconfigured or hostile peer does the same). */
    private record FixedKeyManager(PrivateKey key, List<X509Certificate> chain) implements X509KeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"peer"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "peer";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.toArray(X509Certificate[]::new);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
