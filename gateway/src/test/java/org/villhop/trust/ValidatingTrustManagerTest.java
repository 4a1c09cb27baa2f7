package org.villhop.trust;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.villhop.testing.TestPki;

/** TLS peers judged by the S/MIME validator's rules, over a real handshake on loopback. */
class ValidatingTrustManagerTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    static TestPki pki;
    static TestPki stranger;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.rsa("TLS Trust Test");
        stranger = TestPki.rsa("TLS Stranger");
    }

    private static TestPki.Issued server(TestPki from, String name) throws Exception {
        return from.issue(from.spec(name).withExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    }

    private ValidatingTrustManager trust(List<X509CRL> crls) {
        Clock clock = Clock.fixed(pki.now(), ZoneOffset.UTC);
        return new ValidatingTrustManager(new CertificateValidator(List.of(pki.root().cert()), List.of(),
                new CrlRepository(crls, false, clock), new AlgorithmPolicy()), clock);
    }

    /** Connects a client trusting with {@code trust} to a server presenting {@code presented}. */
    private static void handshake(TestPki.Issued presented, ValidatingTrustManager trust) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", presented.key(), PASSWORD,
                presented.withChain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, new TrustManager[] {trust}, null);
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write('x');
                    s.getOutputStream().flush();
                } catch (IOException expectedWhenTheClientRefuses) {
                    // the client's refusal reaches the server as an alert
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setSoTimeout(10_000);
                client.startHandshake();
                assertEquals('x', client.getInputStream().read());
            } finally {
                served.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aServerWithAGoodCertificateAndCurrentCrlsIsTrusted() throws Exception {
        TestPki.Issued good = server(pki, "mx.good.mssante.test");
        assertDoesNotThrow(() -> handshake(good, trust(pki.crls())));
    }

    @Test
    void aRevokedServerCertificateFailsTheHandshakeSayingRevoked() throws Exception {
        TestPki.Issued revoked = server(pki, "mx.revoked.mssante.test");
        pki.revoke(revoked.cert());
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> handshake(revoked, trust(pki.crls())));
        assertTrue(e.getMessage().contains("certificate revoked"), e.getMessage());
    }

    @Test
    void withoutAnyCrlTheServerIsRefusedAsRevocationUnknownNotTrusted() throws Exception {
        TestPki.Issued good = server(pki, "mx.nocrl.mssante.test");
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> handshake(good, trust(List.of())));
        assertTrue(e.getMessage().contains("revocation status unknown"), e.getMessage());
    }

    @Test
    void aServerFromAnotherPkiIsRefusedAsUnknownIssuer() throws Exception {
        TestPki.Issued other = server(stranger, "mx.stranger.test");
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> handshake(other, trust(stranger.crls())));
        assertTrue(e.getMessage().contains("issuer unknown"), e.getMessage());
    }

    @Test
    void anEmailOnlyCertificateIsNoTlsServerCertificate() throws Exception {
        TestPki.Issued person = pki.person("dr.x@medecins.mssante.test");
        CertificateException e = assertThrows(CertificateException.class, () -> trust(pki.crls())
                .checkServerTrusted(person.withChain().toArray(X509Certificate[]::new), "RSA"));
        assertTrue(e.getMessage().contains("key usage does not allow this use"), e.getMessage());
    }

    @Test
    void anEmptyChainIsRefusedAndTheAcceptedIssuersAreTheAnchors() throws Exception {
        ValidatingTrustManager trust = trust(pki.crls());
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(new X509Certificate[0], "RSA"));
        assertEquals(List.of(pki.root().cert()), List.of(trust.getAcceptedIssuers()));
    }
}
