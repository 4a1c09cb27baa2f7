package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.smime.SmimeVerdict;
import org.villhop.testing.TestPki;

class SmimeCommandTest {
    static final String MESSAGE = "From: cardiologie@ch-lens.mssante.test\r\nTo: dr.martin@cabinet.mssante.test\r\n"
            + "Subject: Sortie\r\nMessage-ID: <cli-1@ch-lens.mssante.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nPatient sorti, traitement inchangé.\r\n";

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void files() throws Exception {
        pki = TestPki.rsa("CLI Health");
        char[] password = "sample-password".toCharArray();
        Files.writeString(dir.resolve("pw"), "sample-password\n");
        TestPki.Issued sender = pki.person("cardiologie@ch-lens.mssante.test");
        TestPki.Issued receiver = pki.person("dr.martin@cabinet.mssante.test");
        TestPki.Issued revoked = pki.person("cardiologie@ch-lens.mssante.test");
        pki.revoke(revoked.cert());
        TestPki.writePkcs12(dir.resolve("sender.p12"), sender, password);
        TestPki.writePkcs12(dir.resolve("receiver.p12"), receiver, password);
        TestPki.writePkcs12(dir.resolve("revoked.p12"), revoked, password);
        TestPki.writePem(dir.resolve("receiver.pem"), receiver.cert());
        TestPki.writePem(dir.resolve("root.pem"), pki.root().cert());
        TestPki.writePem(dir.resolve("crls.pem"), pki.crls());
        Files.writeString(dir.resolve("message.eml"), MESSAGE, StandardCharsets.UTF_8);
    }

    static VillhopCommandTest.Run run(String... args) {
        return VillhopCommandTest.run(args);
    }

    static String file(String name) {
        return dir.resolve(name).toString();
    }

    static VillhopCommandTest.Run verify(String message, String... more) {
        String[] base = {"smime", "verify", "--trust", file("root.pem"), "--crl", file("crls.pem"), "--in",
            file(message)};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return run(all);
    }

    @Test
    void signThenVerifyPrintsValidAndExitsZero() {
        assertEquals(0, run("smime", "sign", "--key", file("sender.p12"), "--password-file", file("pw"),
                "--in", file("message.eml"), "--out", file("signed.eml")).code());
        VillhopCommandTest.Run verified = verify("signed.eml");
        assertEquals(0, verified.code(), verified.out() + verified.err());
        assertTrue(verified.out().startsWith("VALID: signed by cardiologie@ch-lens.mssante.test"),
                verified.out());
    }

    @Test
    void signAndEncryptThenVerifyWithTheReceiverKeyOpensTheMessage() throws Exception {
        assertEquals(0, run("smime", "encrypt", "--to", file("receiver.pem"), "--sign-key", file("sender.p12"),
                "--password-file", file("pw"), "--in", file("message.eml"), "--out", file("enc.eml")).code());
        assertFalse(Files.readString(dir.resolve("enc.eml")).contains("Patient sorti"));
        VillhopCommandTest.Run verified = verify("enc.eml", "--key", file("receiver.p12"), "--password-file",
                file("pw"), "--out", file("opened.eml"));
        assertEquals(0, verified.code(), verified.out() + verified.err());
        String opened = Files.readString(dir.resolve("opened.eml"), StandardCharsets.UTF_8);
        assertTrue(opened.contains("Message-ID: <cli-1@ch-lens.mssante.test>"), opened);
        assertTrue(opened.contains("Patient sorti, traitement inchangé."), opened);
        VillhopCommandTest.Run decrypted = run("smime", "decrypt", "--key", file("receiver.p12"), "--password-file",
                file("pw"), "--in", file("enc.eml"), "--out", file("dec.eml"));
        assertEquals(0, decrypted.code(), decrypted.err());
        assertTrue(Files.readString(dir.resolve("dec.eml")).contains("multipart/signed"));
    }

    @Test
    void aRevokedSignerExitsWithTheRevokedCode() {
        assertEquals(0, run("smime", "sign", "--key", file("revoked.p12"), "--password-file", file("pw"),
                "--in", file("message.eml"), "--out", file("revoked.eml")).code());
        VillhopCommandTest.Run verified = verify("revoked.eml");
        assertEquals(SmimeVerdict.Kind.REVOKED.code(), verified.code(), verified.out());
        assertTrue(verified.out().startsWith("REVOKED: signer certificate revoked"), verified.out());
    }

    @Test
    void aTamperedMessageExitsWithTheBadSignatureCode() throws Exception {
        run("smime", "sign", "--key", file("sender.p12"), "--password-file", file("pw"), "--in",
                file("message.eml"), "--out", file("to-tamper.eml"));
        Files.writeString(dir.resolve("tampered.eml"), Files.readString(dir.resolve("to-tamper.eml"),
                StandardCharsets.UTF_8).replace("inchangé", "arrêté"), StandardCharsets.UTF_8);
        assertEquals(SmimeVerdict.Kind.BAD_SIGNATURE.code(), verify("tampered.eml").code());
    }

    @Test
    void withoutACrlTheRevocationStatusIsUnknown() {
        run("smime", "sign", "--key", file("sender.p12"), "--password-file", file("pw"), "--in",
                file("message.eml"), "--out", file("signed-nocrl.eml"));
        VillhopCommandTest.Run verified = run("smime", "verify", "--trust", file("root.pem"), "--in",
                file("signed-nocrl.eml"));
        assertEquals(SmimeVerdict.Kind.REVOCATION_UNKNOWN.code(), verified.code(), verified.out());
    }

    @Test
    void aWrongPasswordIsOneLineWithoutStackTrace() throws Exception {
        Files.writeString(dir.resolve("bad-pw"), "not-the-password\n");
        VillhopCommandTest.Run run = run("smime", "sign", "--key", file("sender.p12"), "--password-file",
                file("bad-pw"), "--in", file("message.eml"), "--out", file("x.eml"));
        assertEquals(ExitCodes.FAILURE, run.code());
        assertTrue(run.err().startsWith("villhop: ") && run.err().contains("password"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void anUnknownCipherIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("smime", "encrypt", "--to", file("receiver.pem"), "--cipher", "des",
                "--in", file("message.eml"), "--out", file("y.eml")).code());
    }

    @Test
    void verifyHelpDocumentsEveryVerdictExitCode() {
        VillhopCommandTest.Run help = run("smime", "verify", "--help");
        assertEquals(0, help.code());
        for (SmimeVerdict.Kind kind : SmimeVerdict.Kind.values()) {
            assertTrue(kind.code() == 0 || kind.code() >= 10, kind + " clashes with the shared exit codes");
            assertTrue(help.out().contains(String.format("%4d  ", kind.code())), kind + " missing from --help");
        }
    }
}
