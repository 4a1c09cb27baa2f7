package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.users.PasswordHasher;

class ConfigCommandTest {

    @Test
    void theDocumentedExampleChecksValidWithAOneLineSummary() {
        VillhopCommandTest.Run run = VillhopCommandTest.run("config", "check", "--no-file-check",
                "../docs/villhop.example.yaml");

        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("../docs/villhop.example.yaml: valid: 5 listeners (mx 0.0.0.0:25"),
                run.out());
        assertEquals(1, run.out().lines().count());
    }

    @Test
    void anInvalidFileListsEveryErrorAndExitsOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                local-domains: [villhop.test]
                tls:
                  keystore: nowhere.p12
                  keystore-password-file: nowhere.txt
                listeners:
                  - name: mx
                    port: 99999
                typo: 1
                """);
        VillhopCommandTest.Run run = VillhopCommandTest.run("config", "check", file.toString());

        assertEquals(1, run.code());
        assertEquals(java.util.List.of(
                file + ":3: tls.keystore: file not found or not readable: " + dir.resolve("nowhere.p12"),
                file + ":4: tls.keystore-password-file: file not found or not readable: " + dir.resolve("nowhere.txt"),
                file + ":7: listeners[0].port: 99999 is out of range 0..65535",
                file + ":8: typo: unknown key (known here: data-dir, delivery, hostname, limits, listeners, "
                        + "local-domains, pack, security, tls, upstream, users)",
                "villhop: " + file + " is invalid: 4 errors"), run.err().lines().toList());
        assertFalse(run.err().contains("\tat "));
    }

    @Test
    void aMissingFileIsOneClearLine(@TempDir Path dir) {
        VillhopCommandTest.Run run = VillhopCommandTest.run("config", "check", dir.resolve("none.yaml").toString());
        assertEquals(1, run.code());
        assertEquals("villhop: no such file: " + dir.resolve("none.yaml"), run.err().strip());
    }

    @Test
    void theEmbeddedDefaultIsPrintedAndChecksValid(@TempDir Path dir) throws Exception {
        VillhopCommandTest.Run run = VillhopCommandTest.run("config", "default");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("port: 2525"), run.out());

        Path file = dir.resolve("default.yaml");
        Files.writeString(file, run.out());
        VillhopCommandTest.Run check = VillhopCommandTest.run("config", "check", "--no-file-check", file.toString());
        assertEquals(0, check.code(), check.err());
    }

    @Test
    void hashPasswordPrintsASaltedHashThatMatchesOnlyThePasswordAndThatConfigCheckAccepts(@TempDir Path dir)
            throws Exception {
        Path secret = Files.writeString(dir.resolve("pw.txt"), "s3cret-of-cardiologie\n");
        VillhopCommandTest.Run first = VillhopCommandTest.run("config", "hash-password", "--password-file",
                secret.toString());
        VillhopCommandTest.Run second = VillhopCommandTest.run("config", "hash-password", "--password-file",
                secret.toString());

        assertEquals(0, first.code(), first.err());
        String hash = first.out().strip();
        assertTrue(hash.startsWith("pbkdf2-sha256$600000$"), hash);
        assertTrue(PasswordHasher.matches("s3cret-of-cardiologie".toCharArray(), hash));
        assertFalse(PasswordHasher.matches("s3cret-of-cardiologiE".toCharArray(), hash));
        assertFalse(first.out().contains("s3cret"));
        assertFalse(hash.equals(second.out().strip()), "a fresh salt each time");

        Path config = Files.writeString(dir.resolve("villhop.yaml"), """
                local-domains: [villhop.test]
                tls: {keystore: k.p12, keystore-password-file: k.txt}
                listeners: [{name: mx, port: 2525}]
                users:
                  - name: cardiologie
                    password-hash: "%s"
                    addresses: [cardiologie@villhop.test]
                """.formatted(hash));
        VillhopCommandTest.Run check = VillhopCommandTest.run("config", "check", "--no-file-check", config.toString());
        assertEquals(0, check.code(), check.err());
    }

    @Test
    void hashPasswordWantsAPasswordSourceAndRefusesAnEmptyPassword(@TempDir Path dir) throws Exception {
        VillhopCommandTest.Run none = VillhopCommandTest.run("config", "hash-password");
        assertEquals(ExitCodes.USAGE, none.code());
        assertEquals("villhop: a password is needed: give --password-file FILE or --password-env VAR",
                none.err().strip());

        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        VillhopCommandTest.Run run = VillhopCommandTest.run("config", "hash-password", "--password-file",
                empty.toString());
        assertEquals(1, run.code());
        assertEquals("villhop: the password is empty", run.err().strip());
    }
}
