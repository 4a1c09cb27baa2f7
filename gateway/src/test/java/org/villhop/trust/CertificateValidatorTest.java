package org.villhop.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.TestPki;

class CertificateValidatorTest {
    static TestPki pki;
    static TestPki stranger;
    static Instant now;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.rsa("Trust Test");
        stranger = TestPki.ec("Stranger");
        now = pki.now();
    }

    private CertificateValidator validator(List<X509CRL> crls) {
        return new CertificateValidator(List.of(pki.root().cert()), List.of(), new CrlRepository(crls, false,
                Clock.fixed(now, ZoneOffset.UTC)), new AlgorithmPolicy());
    }

    private TrustVerdict check(TestPki.Issued issued, Purpose purpose) throws Exception {
        return validator(pki.crls()).validate(issued.cert(), issued.chain(), purpose, now);
    }

    @Test
    void aGoodCertificateWithItsCarriedChainIsValidForSigningAndEncryption() throws Exception {
        TestPki.Issued alice = pki.person("alice@ch-lens.mssante.test");
        TrustVerdict verdict = check(alice, Purpose.SMIME_SIGNING);
        assertEquals(TrustVerdict.Kind.VALID, verdict.kind(), verdict.toString());
        assertEquals(3, verdict.path().size());
        assertEquals(TrustVerdict.Kind.VALID, check(alice, Purpose.SMIME_ENCRYPTION).kind());
    }

    @Test
    void anExpiredCertificateIsRefusedAsExpired() throws Exception {
        TestPki.Issued old = pki.issue(pki.spec("old@ch-lens.mssante.test")
                .withValidity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1))));
        TrustVerdict verdict = check(old, Purpose.SMIME_SIGNING);
        assertEquals(TrustVerdict.Kind.EXPIRED, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("expired on"), verdict.reason());
    }

    @Test
    void aCertificateNotYetValidIsRefusedAsNotYetValid() throws Exception {
        TestPki.Issued early = pki.issue(pki.spec("early@ch-lens.mssante.test")
                .withValidity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(400))));
        assertEquals(TrustVerdict.Kind.NOT_YET_VALID, check(early, Purpose.SMIME_SIGNING).kind());
    }

    @Test
    void aRevokedCertificateIsRefusedAsRevoked() throws Exception {
        TestPki.Issued bad = pki.person("revoked@ch-lens.mssante.test");
        pki.revoke(bad.cert());
        TrustVerdict verdict = check(bad, Purpose.SMIME_SIGNING);
        assertEquals(TrustVerdict.Kind.REVOKED, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("KEY_COMPROMISE"), verdict.reason());
    }

    @Test
    void withoutAnyCrlTheRevocationStatusIsUnknownNotValid() throws Exception {
        TestPki.Issued alice = pki.person("alice@ch-lens.mssante.test");
        TrustVerdict verdict = validator(List.of()).validate(alice.cert(), alice.chain(), Purpose.SMIME_SIGNING, now);
        assertEquals(TrustVerdict.Kind.REVOCATION_UNKNOWN, verdict.kind(), verdict.toString());
    }

    @Test
    void aCrlPastItsNextUpdateGivesRevocationUnknown() throws Exception {
        TestPki.Issued alice = pki.person("alice@ch-lens.mssante.test");
        TrustVerdict verdict = validator(pki.crls()).validate(alice.cert(), alice.chain(), Purpose.SMIME_SIGNING,
                now.plus(Duration.ofDays(31)));
        assertEquals(TrustVerdict.Kind.REVOCATION_UNKNOWN, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("out of date"), verdict.reason());
    }

    @Test
    void aCertificateFromAnotherPkiHasAnUnknownIssuer() throws Exception {
        TestPki.Issued outsider = stranger.person("someone@elsewhere.test");
        TrustVerdict verdict = check(outsider, Purpose.SMIME_SIGNING);
        assertEquals(TrustVerdict.Kind.UNKNOWN_ISSUER, verdict.kind(), verdict.toString());
    }

    @Test
    void withoutTheIntermediateThePathCannotBeBuilt() throws Exception {
        TestPki.Issued alice = pki.person("alice@ch-lens.mssante.test");
        TrustVerdict verdict = validator(pki.crls()).validate(alice.cert(), List.of(), Purpose.SMIME_SIGNING, now);
        assertEquals(TrustVerdict.Kind.UNKNOWN_ISSUER, verdict.kind(), verdict.toString());
    }

    @Test
    void anEncryptionOnlyCertificateCannotSign() throws Exception {
        TestPki.Issued encOnly = pki.issue(pki.spec("enc@ch-lens.mssante.test").withKeyUsage(KeyUsage.keyEncipherment));
        TrustVerdict verdict = check(encOnly, Purpose.SMIME_SIGNING);
        assertEquals(TrustVerdict.Kind.WRONG_KEY_USAGE, verdict.kind(), verdict.toString());
        assertEquals(TrustVerdict.Kind.VALID, check(encOnly, Purpose.SMIME_ENCRYPTION).kind());
    }

    @Test
    void anEmailCertificateIsNotATlsServerCertificate() throws Exception {
        TrustVerdict verdict = check(pki.person("alice@ch-lens.mssante.test"), Purpose.TLS_SERVER);
        assertEquals(TrustVerdict.Kind.WRONG_KEY_USAGE, verdict.kind(), verdict.toString());
    }

    @Test
    void aSha1SignedCertificateIsRefusedAsWeak() throws Exception {
        TestPki.Issued sha1 = pki.issue(pki.spec("sha1@ch-lens.mssante.test").withSignatureAlgorithm("SHA1withRSA"));
        TrustVerdict verdict = check(sha1, Purpose.SMIME_SIGNING);
        assertEquals(TrustVerdict.Kind.WEAK_ALGORITHM, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("SHA1withRSA"), verdict.reason());
    }

    @Test
    void anRsa1024KeyIsRefusedAsWeak() throws Exception {
        TestPki.Issued small = pki.issue(pki.spec("small@ch-lens.mssante.test").withKeyPair(TestPki.rsaKeys(1024)));
        TrustVerdict verdict = check(small, Purpose.SMIME_SIGNING);
        assertEquals(TrustVerdict.Kind.WEAK_ALGORITHM, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("1024-bit RSA"), verdict.reason());
    }

    @Test
    void theCrlIsFetchedFromTheDistributionPointWhenNoneIsGiven(@TempDir Path dir) throws Exception {
        Path crlFile = TestPki.writePem(dir.resolve("int.crl"), pki.intermediateCrl());
        TestPki.Issued bob = pki.issue(pki.spec("bob@ch-lens.mssante.test").withCrlUri(crlFile.toUri().toString()));
        pki.revoke(bob.cert());
        Files.delete(crlFile);
        TestPki.writePem(crlFile, pki.intermediateCrl());
        CrlRepository repository = new CrlRepository(List.of(pki.rootCrl()), true, Clock.fixed(now, ZoneOffset.UTC));
        CertificateValidator validator = new CertificateValidator(List.of(pki.root().cert()),
                List.of(pki.intermediate().cert()), repository, new AlgorithmPolicy());
        TrustVerdict verdict = validator.validate(bob.cert(), List.of(), Purpose.SMIME_SIGNING, now);
        assertEquals(TrustVerdict.Kind.REVOKED, verdict.kind(), verdict.toString());
    }

    @Test
    void theCrlIsFetchedOverHttpOnceAndThenServedFromTheCache() throws Exception {
        byte[] crl = pki.intermediateCrl().getEncoded();
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/int.crl", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, crl.length);
            try (var body = exchange.getResponseBody()) {
                body.write(crl);
            }
        });
        server.start();
        try {
            TestPki.Issued dave = pki.issue(pki.spec("dave@ch-lens.mssante.test").withCrlUri(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/int.crl"));
            CrlRepository repository = new CrlRepository(List.of(pki.rootCrl()), true,
                    Clock.fixed(now, ZoneOffset.UTC));
            CertificateValidator validator = new CertificateValidator(List.of(pki.root().cert()), List.of(),
                    repository, new AlgorithmPolicy());
            for (int i = 0; i < 3; i++) {
                TrustVerdict verdict = validator.validate(dave.cert(), dave.chain(), Purpose.SMIME_SIGNING, now);
                assertEquals(TrustVerdict.Kind.VALID, verdict.kind(), verdict.toString());
            }
            assertEquals(1, requests.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableDistributionPointGivesRevocationUnknown() throws Exception {
        TestPki.Issued carol = pki.issue(pki.spec("carol@ch-lens.mssante.test")
                .withCrlUri("file:///nonexistent/villhop-test.crl"));
        CrlRepository repository = new CrlRepository(List.of(pki.rootCrl()), true, Clock.fixed(now, ZoneOffset.UTC));
        CertificateValidator validator = new CertificateValidator(List.of(pki.root().cert()), List.of(),
                repository, new AlgorithmPolicy());
        TrustVerdict verdict = validator.validate(carol.cert(), carol.chain(), Purpose.SMIME_SIGNING, now);
        assertEquals(TrustVerdict.Kind.REVOCATION_UNKNOWN, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("cannot fetch"), verdict.reason());
    }

    @Test
    void aRefusedConnectionToTheDistributionPointIsNamedNotNull() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        TestPki.Issued erin = pki.issue(pki.spec("erin@ch-lens.mssante.test")
                .withCrlUri("http://127.0.0.1:" + closedPort + "/int.crl"));
        CrlRepository repository = new CrlRepository(List.of(pki.rootCrl()), true, Clock.fixed(now, ZoneOffset.UTC));
        CrlSource.CrlUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                CrlSource.CrlUnavailableException.class, () -> repository.crlsFor(erin.cert()));
        assertEquals("cannot fetch the CRL at http://127.0.0.1:" + closedPort + "/int.crl: connection refused",
                e.getMessage());
    }

    @Test
    void failureCausesAreDescribedWithoutNullMessages() {
        assertEquals("unknown host crl.villhop.test", CrlRepository.cause(new java.io.IOException(
                new java.net.UnknownHostException("crl.villhop.test"))));
        assertEquals("connection refused", CrlRepository.cause(new java.net.ConnectException()));
        assertEquals("no such file /x.crl", CrlRepository.cause(new java.nio.file.NoSuchFileException("/x.crl")));
        assertEquals("IOException", CrlRepository.cause(new java.io.IOException((String) null)));
    }

    @Test
    void certificatesAreReadFromPemFiles(@TempDir Path dir) throws Exception {
        TestPki.Issued alice = pki.person("alice@ch-lens.mssante.test");
        Path file = TestPki.writePem(dir.resolve("chain.pem"), alice.withChain());
        List<X509Certificate> read = Certificates.read(file);
        assertEquals(alice.withChain(), read);
        assertEquals(List.of("alice@ch-lens.mssante.test"), Certificates.emails(read.getFirst()));
    }
}
