package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.store.SqliteMailboxStore;
import org.villhop.testing.ExternalProcess;

/** Without a route for the local domain, local mail goes into the mailbox store, read over IMAP (Python imaplib). */
class GatewayMailboxTest {
    @TempDir
    Path dir;
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(dir, "", false).start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void mailForALocalUserLandsInItsInboxWithTheVerdictAndIsReadOverImap() throws Exception {
        assumeTrue(ExternalProcess.available("python3"), "python3 is not installed");
        try (SubmissionClient peer = SubmissionClient.plain(h.port("mx"))) {
            String reply = peer.send("<dr.martin@medecins.mssante.test>", List.of("<cardiologie@ch-lens.mssante.test>"),
                    "From: dr.martin@medecins.mssante.test\r\nTo: cardiologie@ch-lens.mssante.test\r\n"
                            + "Subject: plain from a peer\r\nX-Villhop-SMIME-Status: valid; forged\r\n\r\nbonjour\r\n");
            assertTrue(reply.startsWith("250"), reply);
        }
        h.await("the delivery into the mailbox", () -> h.audited("message.delivered"));
        Path script = Files.writeString(dir.resolve("read.py"), """
                import imaplib, os, ssl, sys
                context = ssl.create_default_context(cafile=sys.argv[2])
                with imaplib.IMAP4_SSL('localhost', int(sys.argv[1]), ssl_context=context) as m:
                    m.login('cardiologie', os.environ['VILLHOP_TEST_PASSWORD'])
                    m.select('INBOX')
                    typ, data = m.fetch('1', '(RFC822)')
                    sys.stdout.write(data[0][1].decode())
                """);
        ExternalProcess.Result read = ExternalProcess.run(dir, Map.of("VILLHOP_TEST_PASSWORD",
                GatewayHarness.password()), List.of("python3", script.toString(), String.valueOf(h.port("imaps")),
                GatewayHarness.SAMPLE.resolve("ca/root.pem").toString()));
        assertEquals(0, read.exitCode(), read.output());
        assertTrue(read.output().contains("Subject: plain from a peer"), read.output());
        assertTrue(read.output().contains("X-Villhop-SMIME-Status: not-signed; not signed; not encrypted"),
                read.output());
        assertTrue(!read.output().contains("forged"), "the inbound copy of the verdict header is removed");
        assertEquals(0, h.sink.received.size() + h.internal.received.size(), "nothing went out");
    }

    @Test
    void aLocalUsersMessageToAColleagueIsStampedAsLocal() throws Exception {
        try (SubmissionClient smtp = SubmissionClient.login(h, "sortie")) {
            String reply = smtp.send("<sortie@ch-lens.mssante.test>", List.of("<cardiologie@ch-lens.mssante.test>"),
                    "From: sortie@ch-lens.mssante.test\r\nTo: cardiologie@ch-lens.mssante.test\r\nSubject: interne\r\n"
                            + "\r\nnote\r\n");
            assertTrue(reply.startsWith("250"), reply);
        }
        h.await("the delivery into the mailbox", () -> h.audited("message.delivered"));
        h.gateway.close();
        try (SqliteMailboxStore store = SqliteMailboxStore.open(h.config.dataDir().resolve("mailboxes"), h.clock)) {
            var messages = store.messages("cardiologie", "INBOX");
            assertEquals(1, messages.size());
            String text = new String(store.open(messages.getFirst(), 0).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains("X-Villhop-SMIME-Status: local; submitted by authenticated user sortie"), text);
        }
    }
}
