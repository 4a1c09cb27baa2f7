package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.cli.VillhopCommandTest.Run;
import org.villhop.testing.OpenSsl;

/** The recipients' directory through the command line, filled with the committed sample's certificates. */
class DirectoryCommandTest {
    static final Path SAMPLE = Path.of("..", "certs-sample", "identities");

    @TempDir
    Path dir;

    String data() {
        return dir.resolve("data").toString();
    }

    static Run ok(String... args) {
        Run run = VillhopCommandTest.run(args);
        assertEquals(0, run.code(), () -> run.out() + run.err());
        return run;
    }

    @Test
    void addListShowAndRemoveARecipientByTheAddressInItsCertificate() {
        Run added = ok("directory", "add", "--data", data(), SAMPLE.resolve("dr.martin.chain.pem").toString());
        assertTrue(added.out().startsWith("added dr.martin@medecins.mssante.test"), added.out());
        Run list = ok("directory", "list", "--data", data());
        assertTrue(list.out().contains("dr.martin@medecins.mssante.test"), list.out());
        Run json = ok("directory", "list", "--data", data(), "--json");
        assertTrue(json.out().contains("\"emails\":[\"dr.martin@medecins.mssante.test\"]"), json.out());
        assertTrue(json.out().contains("\"status\":\"valid\""), json.out());
        Run show = ok("directory", "show", "--data", data(), "DR.MARTIN@medecins.mssante.test", "--pem");
        assertTrue(show.out().contains("-----BEGIN CERTIFICATE-----"), show.out());
        ok("directory", "remove", "--data", data(), "dr.martin@medecins.mssante.test");
        assertEquals("[]", ok("directory", "list", "--data", data(), "--json").out().trim());
        Run gone = VillhopCommandTest.run("directory", "show", "--data", data(), "dr.martin@medecins.mssante.test");
        assertEquals(1, gone.code());
        assertTrue(gone.err().contains("no certificate for 'dr.martin@medecins.mssante.test'"), gone.err());
    }

    @Test
    void importTakesBundlesAndSkipsCaAndServerCertificatesSayingWhy() throws Exception {
        Files.writeString(dir.resolve("bundle.pem"), Files.readString(SAMPLE.resolve("infirmiere.durand.chain.pem"))
                + Files.readString(SAMPLE.resolve("localhost.pem")));
        OpenSsl.ok(dir, "crl2pkcs7", "-nocrl", "-certfile", SAMPLE.resolve("dr.leroy.ec.pem").toAbsolutePath().toString(),
                "-out", "leroy.p7b");
        Run imported = ok("directory", "import", "--data", data(), dir.resolve("bundle.pem").toString(),
                dir.resolve("leroy.p7b").toString());
        assertTrue(imported.out().contains("2 certificate(s) added, 3 skipped"), imported.out());
        assertTrue(imported.out().contains("a CA certificate is not a recipient's certificate"), imported.out());
        assertTrue(imported.out().contains("no email address in the subjectAltName of CN=localhost"), imported.out());
        Run list = ok("directory", "list", "--data", data());
        assertTrue(list.out().contains("infirmiere.durand@") && list.out().contains("dr.leroy@"), list.out());
    }

    @Test
    void addRefusesFilesWithoutExactlyOneRecipientCertificate() throws Exception {
        Run ca = VillhopCommandTest.run("directory", "add", "--data", data(),
                Path.of("..", "certs-sample", "ca", "root.pem").toString());
        assertEquals(1, ca.code());
        assertTrue(ca.err().contains("expected one end-entity certificate, found 0"), ca.err());
        Files.writeString(dir.resolve("two.pem"), Files.readString(SAMPLE.resolve("dr.martin.pem"))
                + Files.readString(SAMPLE.resolve("infirmiere.durand.pem")));
        Run two = VillhopCommandTest.run("directory", "add", "--data", data(), dir.resolve("two.pem").toString());
        assertEquals(1, two.code());
        assertTrue(two.err().contains("found 2 (use 'villhop directory import' for several)"), two.err());
        Run server = VillhopCommandTest.run("directory", "add", "--data", data(),
                SAMPLE.resolve("localhost.pem").toString());
        assertEquals(1, server.code());
        assertTrue(server.err().contains("no email address"), server.err());
        assertFalse(server.err().contains("\tat "), server.err());
    }
}
