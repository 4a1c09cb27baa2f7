package org.villhop.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiStoreTest {
    @TempDir
    Path data;

    @Test
    void identityLoadsByAliasAndByEmailWithItsChain() {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        Identity issued = pki.issue("cardio", CertificateProfile.ORG_SMIME, "Cardio@H.test", KeyAlgorithm.EC_P256);
        PkiStore store = new PkiStore(data);
        Identity byAlias = store.loadIdentity("cardio", TestPki.PASSWORD);
        Identity byEmail = store.loadIdentity("cardio@h.test", TestPki.PASSWORD);
        assertArrayEquals(issued.privateKey().getEncoded(), byAlias.privateKey().getEncoded());
        assertEquals(issued.chain(), byEmail.chain());
        assertEquals("cardio", byEmail.alias());
        assertTrue(Files.exists(data.resolve("pki/identities/cardio.p12")));
        assertTrue(Files.exists(data.resolve("pki/identities/cardio.pem")));
    }

    @Test
    void keyStoresAreReadableOnlyByTheirOwnerAndCertificatesByAll() throws Exception {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        pki.issue("cardio", CertificateProfile.ORG_SMIME, "cardio@h.test", KeyAlgorithm.EC_P256);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                data.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes only");
        for (String key : List.of("pki/identities/cardio.p12", "pki/ca/root.p12", "pki/ca/intermediate.p12",
                "pki/ca/index.tsv")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(data.resolve(key))), key);
        }
        for (String pub : List.of("pki/identities/cardio.pem", "pki/ca/root.pem", "pki/crls/villhop-root.crl")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(data.resolve(pub))), pub);
        }
    }

    @Test
    void unknownIdentityAndWrongPasswordFailClearly() {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        pki.issue("cardio", CertificateProfile.ORG_SMIME, "cardio@h.test", KeyAlgorithm.EC_P256);
        PkiException unknown = assertThrows(PkiException.class,
                () -> pki.store.loadIdentity("nobody@h.test", TestPki.PASSWORD));
        assertTrue(unknown.getMessage().startsWith("no identity named or addressed 'nobody@h.test'"),
                unknown.getMessage());
        PkiException wrong = assertThrows(PkiException.class,
                () -> pki.store.loadIdentity("cardio", "bad".toCharArray()));
        assertTrue(wrong.getMessage().endsWith("wrong password for this PKCS#12 file"), wrong.getMessage());
    }

    @Test
    void theNewestCertificateWinsWhenTwoIdentitiesShareAnAddress() {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        pki.issue("old", CertificateProfile.ORG_SMIME, "s@h.test", KeyAlgorithm.EC_P256);
        IssueRequest longer = new IssueRequest(CertificateProfile.ORG_SMIME, "S", null, List.of("s@h.test"),
                List.of(), List.of(), TestPki.NOW, TestPki.NOW.plus(Duration.ofDays(700)));
        pki.store.saveIdentity(pki.ca.issue("new", longer, KeyAlgorithm.EC_P256, TestPki.PASSWORD),
                TestPki.PASSWORD, false);
        assertEquals("new", pki.store.findIdentity("s@h.test").orElseThrow().alias());
        PkiException dup = assertThrows(PkiException.class, () -> pki.store.saveIdentity(
                pki.store.loadIdentity("old", TestPki.PASSWORD), TestPki.PASSWORD, false));
        assertTrue(dup.getMessage().contains("already exists"), dup.getMessage());
    }

    @Test
    void anchorsAndCrlFilesAreListed() {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        assertEquals(List.of(pki.ca.root()), pki.store.trustAnchors());
        assertEquals(List.of(data.resolve("pki/crls/villhop-intermediate.crl"), data.resolve("pki/crls/villhop-root.crl")),
                pki.store.crlFiles());
        assertEquals(2, pki.store.crls().size());
        PkiException notCa = assertThrows(PkiException.class, () -> pki.store.addTrustAnchor(
                pki.issue("leaf", CertificateProfile.ORG_SMIME, "l@h.test", KeyAlgorithm.EC_P256).certificate()));
        assertTrue(notCa.getMessage().startsWith("not a CA certificate"), notCa.getMessage());
    }

    @Test
    void aliasesThatCouldEscapeTheDirectoryAreRefused() {
        assertThrows(PkiException.class, () -> PkiStore.checkAlias("../etc/passwd"));
        assertThrows(PkiException.class, () -> PkiStore.checkAlias("a/b"));
        assertEquals("dr.martin@m.test", PkiStore.checkAlias("dr.martin@m.test"));
    }
}
