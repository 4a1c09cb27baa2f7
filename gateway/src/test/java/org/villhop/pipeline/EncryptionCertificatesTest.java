package org.villhop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.directory.RecipientDirectory;
import org.villhop.testing.MutableClock;
import org.villhop.testing.TestPki;
import org.villhop.trust.AlgorithmPolicy;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.CrlSource;

class EncryptionCertificatesTest {
    @TempDir
    Path data;
    TestPki pki;
    MutableClock clock;
    AtomicReference<List<X509CRL>> published = new AtomicReference<>();
    RecipientDirectory directory;
    EncryptionCertificates certificates;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.rsa("Cache");
        clock = new MutableClock(pki.now());
        published.set(pki.crls());
        CrlSource crls = cert -> published.get();
        CertificateValidator validator = new CertificateValidator(List.of(pki.root().cert()),
                List.of(pki.intermediate().cert()), crls, new AlgorithmPolicy());
        directory = new RecipientDirectory(data);
        certificates = new EncryptionCertificates(directory, validator, crls, clock);
    }

    @Test
    void aRevocationPublishedInANewCrlCountsOnceTheVerdictTtlHasPassed() throws Exception {
        TestPki.Issued martin = pki.person("dr.martin@medecins.test");
        directory.add(martin.cert());
        assertEquals(Optional.of(martin.cert()), certificates.find("dr.martin@medecins.test"));
        pki.revoke(martin.cert());
        published.set(pki.crls());
        clock.advance(EncryptionCertificates.VERDICT_TTL.minusSeconds(1));
        assertTrue(certificates.find("dr.martin@medecins.test").isPresent(), "still the cached verdict");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), certificates.find("dr.martin@medecins.test"));
    }

    @Test
    void certificatesAddedOrRemovedInTheDirectoryCountAtOnce() throws Exception {
        assertEquals(Optional.empty(), certificates.find("nurse@medecins.test"));
        TestPki.Issued nurse = pki.person("nurse@medecins.test");
        directory.add(nurse.cert());
        assertEquals(Optional.of(nurse.cert()), certificates.find("nurse@medecins.test"));
        directory.remove("nurse@medecins.test");
        assertEquals(Optional.empty(), certificates.find("nurse@medecins.test"));
    }

    @Test
    void aRevokedCertificateIsRefusedFromTheStart() throws Exception {
        TestPki.Issued old = pki.person("old@medecins.test");
        pki.revoke(old.cert());
        published.set(pki.crls());
        directory.add(old.cert());
        assertEquals(Optional.empty(), certificates.find("old@medecins.test"));
    }
}
