package org.villhop.pki;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A CA in a temporary data directory, on a fixed clock, with a cheap PBKDF2 count to keep the tests fast. */
final class TestPki {
    static final char[] PASSWORD = "test-password".toCharArray();
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final SecureRandom random = new SecureRandom();
    final PkiStore store;
    final CertificateAuthority ca;

    TestPki(Path data, KeyAlgorithm keys) {
        store = new PkiStore(data, new Pkcs12Codec(10_000));
        ca = CertificateAuthority.init(store, new CaSettings(keys, "Test Root CA", "Test Intermediate CA", "Test",
                3650, "http://crl.example.test/pki"), PASSWORD, clock, random);
    }

    IssueRequest request(CertificateProfile profile, String email) {
        return new IssueRequest(profile, "Test " + email, "Test org", email == null ? List.of() : List.of(email),
                profile == CertificateProfile.TLS_SERVER ? List.of("localhost") : List.of(),
                profile == CertificateProfile.TLS_SERVER ? List.of("127.0.0.1") : List.of(),
                NOW, NOW.plus(Duration.ofDays(365)));
    }

    Identity issue(String alias, CertificateProfile profile, String email, KeyAlgorithm keys) {
        Identity identity = ca.issue(alias, request(profile, email), keys, PASSWORD);
        store.saveIdentity(identity, PASSWORD, false);
        return identity;
    }
}
