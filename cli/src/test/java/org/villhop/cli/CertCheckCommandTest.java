package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code villhop cert check} against the committed sample PKI: one exit code per verdict. */
class CertCheckCommandTest {
    static final Path SAMPLE = Path.of("..", "certs-sample").toAbsolutePath().normalize();
    static final String DATA = SAMPLE.resolve("data").toString();

    static String identity(String name) {
        return SAMPLE.resolve("identities").resolve(name + ".pem").toString();
    }

    @ParameterizedTest(name = "{0} for {1} → exit {2}")
    @CsvSource({
            "dr.martin, smime-signing, 0, trusted",
            "dr.leroy.ec, smime-encryption, 0, trusted",
            "localhost, tls-server, 0, trusted",
            "dpi.ch-lens, tls-client, 0, trusted",
            "revoked.dr.petit, smime-signing, 16, certificate revoked",
            "expired.dr.bernard, smime-signing, 14, certificate expired",
            "dr.martin, tls-server, 19, key usage does not allow this use",
            "localhost, smime-signing, 19, key usage does not allow this use"})
    void eachSampleCertificateGetsItsVerdictAndExitCode(String name, String purpose, int code, String words) {
        VillhopCommandTest.Run run = VillhopCommandTest.run("cert", "check", "--data", DATA, "--no-crl-fetch",
                "--purpose", purpose, identity(name));
        assertEquals(code, run.code(), run.out() + run.err());
        assertTrue(run.out().contains(words), run.out());
    }

    @Test
    void certificateIsNotYetValidBeforeItsStart() {
        VillhopCommandTest.Run run = VillhopCommandTest.run("cert", "check", "--data", DATA, "--no-crl-fetch",
                "--at", "2001-01-01", identity("dr.martin"));
        assertEquals(15, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("not yet valid"), run.out());
    }

    @Test
    void identityOfTheDataDirectoryIsFoundByEmailAndPrintedAsJson() {
        VillhopCommandTest.Run run = VillhopCommandTest.run("cert", "check", "--data", DATA, "--no-crl-fetch",
                "--purpose", "smime-signing", "--json", "sortie@ch-lens.mssante.test");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().startsWith("{\"subject\":\"CN=CH Lens"), run.out());
        assertTrue(run.out().contains("\"verdict\":\"valid\""), run.out());
        assertTrue(run.out().contains("\"path\":[\""), run.out());
    }

    @Test
    void certificateOfAnotherPkiHasAnUnknownIssuer(@TempDir Path other) throws Exception {
        Path password = Files.writeString(other.resolve("pw.txt"), "another-pki-password\n");
        Path data = other.resolve("data");
        VillhopCommandTest.Run init = VillhopCommandTest.run("cert", "ca", "init", "--data", data.toString(),
                "--password-file", password.toString());
        assertEquals(0, init.code(), init.out() + init.err());
        VillhopCommandTest.Run run = VillhopCommandTest.run("cert", "check", "--data", data.toString(),
                "--no-crl-fetch", identity("dr.martin"));
        assertEquals(18, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("issuer unknown"), run.out());
    }

    @Test
    void unknownTargetAndUnknownPurposeAreClearErrors() {
        VillhopCommandTest.Run missing = VillhopCommandTest.run("cert", "check", "--data", DATA, "nobody@nowhere.test");
        assertEquals(ExitCodes.FAILURE, missing.code());
        assertTrue(missing.err().startsWith("villhop: 'nobody@nowhere.test' is neither a certificate file"),
                missing.err());
        VillhopCommandTest.Run badPurpose = VillhopCommandTest.run("cert", "check", "--data", DATA, "--purpose",
                "teleport", identity("dr.martin"));
        assertEquals(ExitCodes.USAGE, badPurpose.code());
        assertFalse(badPurpose.err().contains("\tat "), badPurpose.err());
    }
}
