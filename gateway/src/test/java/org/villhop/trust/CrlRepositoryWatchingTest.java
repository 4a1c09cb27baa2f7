package org.villhop.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.TestPki;

/** A CRL published while the gateway runs counts from the next check, without a restart. */
class CrlRepositoryWatchingTest {
    @TempDir
    Path dir;
    TestPki pki;
    Path crls;
    Path intermediateCrl;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void publishTheFirstCrls() throws Exception {
        pki = TestPki.rsa("Watch Test");
        crls = Files.createDirectories(dir.resolve("crls"));
        TestPki.writePem(crls.resolve("root.crl"), pki.rootCrl());
        intermediateCrl = crls.resolve("intermediate.crl");
        TestPki.writePem(intermediateCrl, pki.intermediateCrl());
    }

    private CertificateValidator validator(CrlRepository repository) {
        return new CertificateValidator(List.of(pki.root().cert()), List.of(), repository, new AlgorithmPolicy());
    }

    private TrustVerdict.Kind check(CertificateValidator validator, TestPki.Issued issued) throws Exception {
        return validator.validate(issued.cert(), issued.chain(), Purpose.SMIME_SIGNING, pki.now()).kind();
    }

    private CrlRepository watching() throws Exception {
        return CrlRepository.watching(List.of(crls), List.of(), Clock.fixed(pki.now(), ZoneOffset.UTC), log::add);
    }

    /** Publishes the intermediate's current CRL the way an operator's tool should: a new file renamed over the old. */
    private void republish() throws Exception {
        Path next = dir.resolve("intermediate.crl.new");
        TestPki.writePem(next, pki.intermediateCrl());
        Files.move(next, intermediateCrl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aRevocationPublishedWhileRunningIsSeenAtTheNextCheck() throws Exception {
        TestPki.Issued alice = pki.person("alice@ch-lens.mssante.test");
        CertificateValidator validator = validator(watching());
        assertEquals(TrustVerdict.Kind.VALID, check(validator, alice));

        pki.revoke(alice.cert());
        republish();

        assertEquals(TrustVerdict.Kind.REVOKED, check(validator, alice));
        assertTrue(log.stream().anyMatch(l -> l.contains("read again, 2 CRL(s) from 2 file(s)")), log.toString());
    }

    @Test
    void aCrlRewrittenInPlaceIsReadAgainToo() throws Exception {
        TestPki.Issued bob = pki.person("bob@ch-lens.mssante.test");
        CertificateValidator validator = validator(watching());
        assertEquals(TrustVerdict.Kind.VALID, check(validator, bob));

        pki.revoke(bob.cert());
        TestPki.writePem(intermediateCrl, pki.intermediateCrl());

        assertEquals(TrustVerdict.Kind.REVOKED, check(validator, bob));
    }

    @Test
    void aDamagedCrlFileIsReportedAndItsPreviousContentStaysInUse() throws Exception {
        TestPki.Issued carol = pki.person("carol@ch-lens.mssante.test");
        pki.revoke(carol.cert());
        republish();
        CertificateValidator validator = validator(watching());
        assertEquals(TrustVerdict.Kind.REVOKED, check(validator, carol));

        Files.writeString(intermediateCrl, "-----BEGIN X509 CRL-----\nnot a CRL\n-----END X509 CRL-----\n");

        assertEquals(TrustVerdict.Kind.REVOKED, check(validator, carol),
                "a half-written CRL must not make a revoked certificate look good");
        assertTrue(log.stream().anyMatch(l -> l.contains(intermediateCrl + " not read")
                && l.contains("previous content stays in use")), log.toString());
    }

    @Test
    void aCrlAddedToTheDirectoryCountsAndARemovedOneNoLonger() throws Exception {
        TestPki.Issued dave = pki.person("dave@ch-lens.mssante.test");
        Files.delete(intermediateCrl);
        CertificateValidator validator = validator(watching());
        assertEquals(TrustVerdict.Kind.REVOCATION_UNKNOWN, check(validator, dave));

        TestPki.writePem(intermediateCrl, pki.intermediateCrl());
        assertEquals(TrustVerdict.Kind.VALID, check(validator, dave));

        Files.delete(intermediateCrl);
        assertEquals(TrustVerdict.Kind.REVOCATION_UNKNOWN, check(validator, dave));
    }

    @Test
    void filesThatAreNotCrlsAreLeftAlone() throws Exception {
        Files.writeString(crls.resolve("README.txt"), "CRLs published here are read while the gateway runs\n");
        Files.writeString(crls.resolve(".intermediate.crl.tmp"), "half written");
        TestPki.Issued erin = pki.person("erin@ch-lens.mssante.test");
        assertEquals(TrustVerdict.Kind.VALID, check(validator(watching()), erin));
        assertTrue(log.isEmpty(), log.toString());
    }
}
