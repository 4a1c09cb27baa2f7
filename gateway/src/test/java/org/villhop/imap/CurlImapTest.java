package org.villhop.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** curl lists mailboxes and fetches messages over imap:// with --ssl-reqd (STARTTLS) and imaps://. */
class CurlImapTest {

    @TempDir
    static Path directory;
    static ImapFixture fixture;
    static Path ca;
    static Path netrc;
    static long uid;

    @BeforeAll
    static void start() throws Exception {
        ExternalProcess.assumeInstalled("curl");
        fixture = new ImapFixture(directory);
        ca = fixture.tls.writeCa(directory);
        netrc = directory.resolve("netrc");
        Files.writeString(netrc, "machine localhost login " + ImapFixture.USER + " password \""
                + ImapFixture.PASSWORD + "\"\n");
        Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
        uid = fixture.store.deliver(ImapFixture.USER, "INBOX", new ByteArrayInputStream(
                ImapProtocolTest.MESSAGE.getBytes(StandardCharsets.UTF_8)), Set.of()).uid();
    }

    @AfterAll
    static void stop() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static ExternalProcess.Result curl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "--silent", "--show-error",
                "--cacert", ca.toString(), "--netrc-file", netrc.toString()));
        command.addAll(List.of(arguments));
        return ExternalProcess.run(command, Map.of(), directory);
    }

    @Test
    void curlListsMailboxesOverStartTls() throws Exception {
        ExternalProcess.Result result = curl("--ssl-reqd", "imap://localhost:" + fixture.startTls.port() + "/");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("\\Sent) \"/\" \"Sent\""), result.output());
        assertTrue(result.output().contains("\"INBOX\""), result.output());
    }

    @Test
    void curlFetchesAMessageOverImplicitTls() throws Exception {
        ExternalProcess.Result result = curl("imaps://localhost:" + fixture.implicitTls.port() + "/INBOX;UID=" + uid);
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(ImapProtocolTest.MESSAGE, result.output());
    }

    @Test
    void curlFetchesASectionOverStartTls() throws Exception {
        ExternalProcess.Result result = curl("--ssl-reqd",
                "imap://localhost:" + fixture.startTls.port() + "/INBOX;UID=" + uid + ";SECTION=HEADER.FIELDS%20(SUBJECT)");
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("Subject: Compte rendu Dupont\r\n\r\n", result.output());
    }

    @Test
    void curlRefusesAServerItDoesNotTrust() throws Exception {
        ExternalProcess.Result result = ExternalProcess.run(List.of("curl", "--silent", "--netrc-file",
                netrc.toString(), "imaps://localhost:" + fixture.implicitTls.port() + "/"), Map.of(), directory);
        assertNotEquals(0, result.exitCode(), "without the test CA, the certificate must not be accepted");
    }
}
