package org.villhop.upstream;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.villhop.pki.CaSettings;
import org.villhop.pki.CertificateAuthority;
import org.villhop.pki.CertificateProfile;
import org.villhop.pki.Identity;
import org.villhop.pki.IssueRequest;
import org.villhop.pki.KeyAlgorithm;
import org.villhop.pki.Pkcs12Codec;
import org.villhop.pki.PkiStore;

/**
 * A test CA made with villhop's own PKI, a "localhost" server certificate from it, and the two SSLContexts: the server's
 * (its key) and the client's (trusting that CA only — explicit trust, never trust-all).
 */
final class TestTls {
    static final char[] PASSWORD = "test-password".toCharArray();
    final SSLContext server;
    final SSLContext client;

    TestTls(Path dir, String caName) throws Exception {
        Clock clock = Clock.systemUTC();
        PkiStore store = new PkiStore(dir, new Pkcs12Codec(10_000));
        CertificateAuthority ca = CertificateAuthority.init(store, new CaSettings(KeyAlgorithm.EC_P256, caName + " Root",
                caName + " Intermediate", "Test", 30, "http://crl.example.test/pki"), PASSWORD, clock,
                new SecureRandom());
        Instant now = clock.instant();
        Identity localhost = ca.issue("localhost", new IssueRequest(CertificateProfile.TLS_SERVER, "localhost", "Test",
                List.of(), List.of("localhost"), List.of("127.0.0.1"), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(2))), KeyAlgorithm.EC_P256, PASSWORD);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", localhost.privateKey(), PASSWORD,
                localhost.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("root", ca.root());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
    }
}
