package org.villhop.imap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's imaplib (software nobody here wrote) runs a scripted session covering the commands of the server. */
class PythonImaplibTest {

    @TempDir
    static Path directory;
    static ImapFixture fixture;
    static Path script;
    static Path ca;

    @BeforeAll
    static void start() throws Exception {
        ExternalProcess.assumeInstalled("python3");
        fixture = new ImapFixture(directory);
        ca = fixture.tls.writeCa(directory);
        script = directory.resolve("imaplib_session.py");
        try (InputStream in = PythonImaplibTest.class.getResourceAsStream("imaplib_session.py")) {
            Files.copy(in, script);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static void session(ImapServer server, String mode) throws Exception {
        ExternalProcess.Result result = ExternalProcess.run(List.of("python3", script.toString(), "localhost",
                String.valueOf(server.port()), mode, ca.toString(), ImapFixture.USER),
                Map.of("IMAP_PASSWORD", ImapFixture.PASSWORD), directory);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SESSION COMPLETE"), result.output());
    }

    @Test
    void imaplibCompletesTheScriptedSessionOverStartTls() throws Exception {
        session(fixture.startTls, "starttls");
    }

    @Test
    void imaplibCompletesTheScriptedSessionOverImplicitTls() throws Exception {
        session(fixture.implicitTls, "ssl");
    }
}
