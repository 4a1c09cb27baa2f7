package org.villhop.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.TestPki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocation by OCSP when no CRL covers a certificate, against OpenSSL's OCSP responder ({@code openssl ocsp
 * -index}, run for each request behind a small HTTP server on a port the OS chose): good, revoked, a responder the
 * issuer certified, one it did not, a failing responder, and answers kept until their next update.
 */
class OcspRevocationTest {

    private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @TempDir
    static Path directory;
    static TestPki pki;
    static TestPki stranger;
    static HttpServer responder;
    static String base;
    static final AtomicInteger requests = new AtomicInteger();
    static final List<String> index = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.rsa("Ocsp Test");
        stranger = TestPki.rsa("Ocsp Stranger");
        responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        responder.createContext("/", OcspRevocationTest::answer);
        responder.start();
        base = "http://127.0.0.1:" + responder.getAddress().getPort();
        TestPki.writePem(directory.resolve("issuer.pem"), pki.intermediate().cert());
        TestPki.writePem(directory.resolve("issuer.key"), pki.intermediate().key());
        TestPki.writePem(directory.resolve("stranger.pem"), stranger.intermediate().cert());
        TestPki.writePem(directory.resolve("stranger.key"), stranger.intermediate().key());
        TestPki.Issued delegate = pki.issue(pki.spec("ocsp.ch-lens.mssante.test")
                .withKeyUsage(KeyUsage.digitalSignature).withExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
        TestPki.writePem(directory.resolve("delegate.pem"), delegate.cert());
        TestPki.writePem(directory.resolve("delegate.key"), delegate.key());
    }

    @AfterAll
    static void stop() {
        responder.stop(0);
    }

    /** Runs {@code openssl ocsp} on the request with the signer the path names ("/issuer/..."). */
    private static void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String signer = exchange.getRequestURI().getPath().split("/")[1];
        byte[] response;
        int status = 200;
        if (signer.equals("broken")) {
            response = "responder failure".getBytes();
            status = 500;
        } else {
            Path request = Files.createTempFile(directory, "request", ".der");
            Path answer = Files.createTempFile(directory, "response", ".der");
            try (InputStream in = exchange.getRequestBody()) {
                Files.write(request, in.readAllBytes());
            }
            synchronized (index) {
                Files.write(directory.resolve("index.txt"), index);
            }
            Path certs = directory.resolve(signer + ".pem");
            run("openssl", "ocsp", "-index", directory.resolve("index.txt").toString(),
                    "-CA", directory.resolve("issuer.pem").toString(), "-rsigner", certs.toString(),
                    "-rkey", directory.resolve(signer + ".key").toString(), "-reqin", request.toString(),
                    "-respout", answer.toString(), "-ndays", "1");
            response = Files.readAllBytes(answer);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
        exchange.sendResponseHeaders(status, response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("openssl.log").toFile()).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("openssl ocsp failed: " + Files.readString(directory.resolve("openssl.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A certificate whose responder is {@code base/signer/}, listed in the responder's index as valid or revoked. */
    private static TestPki.Issued certificate(String email, String signer, boolean revoked) throws Exception {
        TestPki.Issued issued = pki.issue(pki.spec(email).withOcspUri(base + "/" + signer + "/"));
        X509Certificate cert = issued.cert();
        String line = (revoked ? "R" : "V") + "\t" + INDEX_TIME.format(cert.getNotAfter().toInstant()) + "\t"
                + (revoked ? INDEX_TIME.format(pki.now().minusSeconds(3600)) + ",keyCompromise" : "") + "\t"
                + cert.getSerialNumber().toString(16).toUpperCase() + "\tunknown\t/CN=" + email;
        synchronized (index) {
            index.add(line);
        }
        return issued;
    }

    private static TrustVerdict validate(TestPki.Issued issued) throws Exception {
        Clock clock = Clock.fixed(pki.now(), ZoneOffset.UTC);
        AlgorithmPolicy policy = new AlgorithmPolicy();
        // The root's CRL covers the intermediate; nothing but OCSP covers the end-entity certificates.
        CertificateValidator validator = new CertificateValidator(List.of(pki.root().cert()), List.of(),
                new CrlRepository(List.of(pki.rootCrl()), false, clock), new OcspClient(clock, policy), policy, true);
        return validator.validate(issued.cert(), issued.chain(), Purpose.SMIME_SIGNING, pki.now());
    }

    @Test
    void aCertificateTheIssuersResponderCallsGoodIsValid() throws Exception {
        TrustVerdict verdict = validate(certificate("good@ch-lens.mssante.test", "issuer", false));
        assertEquals(TrustVerdict.Kind.VALID, verdict.kind(), verdict.toString());
    }

    @Test
    void aCertificateTheResponderCallsRevokedIsRevoked() throws Exception {
        TrustVerdict verdict = validate(certificate("revoked@ch-lens.mssante.test", "issuer", true));
        assertEquals(TrustVerdict.Kind.REVOKED, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("(OCSP)"), verdict.reason());
    }

    @Test
    void aResponderTheIssuerCertifiedForOcspSigningIsBelieved() throws Exception {
        assertEquals(TrustVerdict.Kind.REVOKED,
                validate(certificate("delegated-revoked@ch-lens.mssante.test", "delegate", true)).kind());
        assertEquals(TrustVerdict.Kind.VALID,
                validate(certificate("delegated@ch-lens.mssante.test", "delegate", false)).kind());
    }

    @Test
    void anAnswerSignedBySomeoneElseLeavesTheStatusUnknown() throws Exception {
        TrustVerdict verdict = validate(certificate("forged@ch-lens.mssante.test", "stranger", false));
        assertEquals(TrustVerdict.Kind.REVOCATION_UNKNOWN, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("not signed by"), verdict.reason());
    }

    @Test
    void aFailingResponderLeavesTheStatusUnknownWithTheReason() throws Exception {
        TrustVerdict verdict = validate(certificate("unlucky@ch-lens.mssante.test", "broken", false));
        assertEquals(TrustVerdict.Kind.REVOCATION_UNKNOWN, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("no CRL") && verdict.reason().contains("HTTP status 500"),
                verdict.reason());
    }

    @Test
    void anAnswerIsKeptUntilItsNextUpdate() throws Exception {
        TestPki.Issued issued = certificate("kept@ch-lens.mssante.test", "issuer", false);
        Clock clock = Clock.fixed(pki.now(), ZoneOffset.UTC);
        OcspClient client = new OcspClient(clock, new AlgorithmPolicy());
        int before = requests.get();
        assertEquals(OcspClient.Answer.Status.GOOD,
                client.status(issued.cert(), pki.intermediate().cert(), pki.now()).status());
        assertEquals(OcspClient.Answer.Status.GOOD,
                client.status(issued.cert(), pki.intermediate().cert(), pki.now()).status());
        assertEquals(before + 1, requests.get(), "the second question is answered from the kept answer");
    }
}
