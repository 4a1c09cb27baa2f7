package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.villhop.directory.RecipientDirectory;
import org.villhop.pki.Identity;
import org.villhop.pki.PemCodec;
import org.villhop.pki.PkiStore;
import org.villhop.testing.OpenSsl;

/** The committed certs-sample/ is consistent: chains verify with openssl, one is revoked, one expired, keys open. */
class SamplePkiTest {
    static final Path SAMPLE = Path.of("..", "certs-sample").toAbsolutePath().normalize();
    static final List<String> VALID = List.of("cardiologie.ch-lens", "sortie.ch-lens", "dr.martin",
            "infirmiere.durand", "dr.leroy.ec", "localhost", "dpi.ch-lens");

    static OpenSsl.Result verify(String name) throws Exception {
        return OpenSsl.run(SAMPLE, "verify", "-CAfile", "ca/root.pem", "-untrusted", "ca/intermediate.pem",
                "-crl_check_all", "-CRLfile", "crl/root.crl.pem", "-CRLfile", "crl/intermediate.crl.pem",
                "identities/" + name + ".pem");
    }

    static String password() throws Exception {
        return Files.readString(SAMPLE.resolve("PASSWORD.txt")).strip();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cardiologie.ch-lens", "sortie.ch-lens", "dr.martin", "infirmiere.durand", "dr.leroy.ec",
            "localhost", "dpi.ch-lens"})
    void validSampleCertificatesVerifyWithOpenSslIncludingCrls(String name) throws Exception {
        OpenSsl.Result r = verify(name);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains(": OK"), r.output());
    }

    @Test
    void theRevokedCertificateIsReportedRevoked() throws Exception {
        OpenSsl.Result r = verify("revoked.dr.petit");
        assertTrue(r.code() != 0 && r.output().contains("certificate revoked"), r.output());
    }

    @Test
    void theExpiredCertificateIsReportedExpired() throws Exception {
        OpenSsl.Result r = verify("expired.dr.bernard");
        assertTrue(r.code() != 0 && r.output().contains("certificate has expired"), r.output());
    }

    @Test
    void crlsInPemAndDerAreTheSameAndStayFreshForYears() throws Exception {
        for (String role : List.of("root", "intermediate")) {
            X509CRL pem = PemCodec.readCrl(Files.readAllBytes(SAMPLE.resolve("crl/" + role + ".crl.pem")), role);
            X509CRL der = PemCodec.readCrl(Files.readAllBytes(SAMPLE.resolve("crl/" + role + ".crl.der")), role);
            assertEquals(pem, der);
            assertTrue(pem.getNextUpdate().toInstant().isAfter(Instant.now().plus(Duration.ofDays(5 * 365))),
                    role + " CRL next update " + pem.getNextUpdate());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cardiologie.ch-lens", "dr.leroy.ec", "localhost", "revoked.dr.petit"})
    void keysOpenWithTheSamplePasswordInOpenSslAndInVillhop(String name) throws Exception {
        Path pw = SAMPLE.resolve("PASSWORD.txt");
        String info = OpenSsl.ok(SAMPLE, "pkcs12", "-info", "-noout", "-in", "identities/" + name + ".p12",
                "-passin", "file:" + pw);
        assertTrue(info.contains("PBES2, PBKDF2, AES-256-CBC") && !info.contains("RC2"), info);
        OpenSsl.ok(SAMPLE, "pkey", "-in", "identities/" + name + ".key.pem", "-passin", "file:" + pw, "-noout");
        Identity id = new PkiStore(SAMPLE.resolve("data")).loadIdentity(name, password().toCharArray());
        assertEquals(3, id.chain().size());
    }

    @Test
    void theSampleDataDirectoryListsAnchorsCrlsIdentitiesAndRecipients() {
        PkiStore store = new PkiStore(SAMPLE.resolve("data"));
        assertEquals(1, store.trustAnchors().size());
        assertEquals("CN=villhop Sample Health Root CA,O=villhop Sample Health PKI,C=FR",
                store.trustAnchors().get(0).getSubjectX500Principal().getName());
        assertEquals(2, store.crlFiles().size());
        assertEquals(9, store.identities().size());
        assertTrue(store.findIdentity("cardiologie@ch-lens.mssante.test").isPresent());
        RecipientDirectory directory = new RecipientDirectory(SAMPLE.resolve("data"));
        assertEquals(1, directory.findForEncryption("dr.martin@medecins.mssante.test", Instant.now()).size());
        assertEquals(List.of(), directory.findForEncryption("dr.bernard@medecins.mssante.test", Instant.now()));
        assertFalse(directory.find("dr.bernard@medecins.mssante.test").isEmpty());
    }
}
