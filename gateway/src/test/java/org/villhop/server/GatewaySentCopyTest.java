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
import org.villhop.testing.ExternalProcess;

/**
 * The submission listener's copy in the sender's Sent folder, seen with Python's smtplib and imaplib over real
 * sockets: one copy, as submitted (not signed), \Seen; a client that APPENDs the same message to Sent (as
 * Thunderbird does) gets the copy's UID back and no second copy, whichever comes first; a user whose
 * {@code sent-copy} is off gets none.
 */
class GatewaySentCopyTest {
    @TempDir
    Path dir;
    private GatewayHarness h;
    private Path script;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(ExternalProcess.available("python3"), "python3 is not installed");
        h = new GatewayHarness(dir, "", false).start();
        script = Files.writeString(dir.resolve("client.py"), """
                import imaplib, os, re, smtplib, ssl, sys
                from email.message import EmailMessage
                action, user, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
                submission, imaps, cafile = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
                password = os.environ['VILLHOP_TEST_PASSWORD']
                context = ssl.create_default_context(cafile=cafile)
                msg = EmailMessage()
                msg['From'] = '%s@ch-lens.mssante.test' % user
                msg['To'] = 'dr.martin@medecins.mssante.test'
                msg['Subject'] = 'sent copy %d' % n
                msg['Date'] = 'Mon, 23 Nov 2026 10:00:00 +0100'
                msg['Message-ID'] = '<sent-%d@ch-lens.mssante.test>' % n
                msg.set_content('Compte rendu %d\\n' % n)
                if action == 'submit':
                    with smtplib.SMTP('localhost', submission, timeout=20) as s:
                        s.starttls(context=context)
                        s.login(user, password)
                        s.send_message(msg)
                    print('submitted')
                with imaplib.IMAP4_SSL('localhost', imaps, ssl_context=context) as m:
                    m.login(user, password)
                    if action == 'append':
                        typ, data = m.append('Sent', '(\\\\Seen)', None, msg.as_bytes().replace(b'\\n', b'\\r\\n'))
                        print('append', typ, data[0].decode())
                    m.select('Sent')
                    typ, data = m.uid('SEARCH', None, 'ALL')
                    print('uids', data[0].decode())
                    for uid in data[0].split():
                        typ, data = m.uid('FETCH', uid, '(FLAGS BODY.PEEK[])')
                        print('flags', data[0][0].decode())
                        print(data[0][1].decode())
                """);
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private String run(String action, String user, int n) throws Exception {
        ExternalProcess.Result result = ExternalProcess.run(dir, Map.of("VILLHOP_TEST_PASSWORD",
                GatewayHarness.password()), List.of("python3", script.toString(), action, user, String.valueOf(n),
                String.valueOf(h.port("submission")), String.valueOf(h.port("imaps")),
                GatewayHarness.SAMPLE.resolve("ca/root.pem").toString()));
        assertEquals(0, result.exitCode(), result.output());
        return result.output();
    }

    private static String uids(String output) {
        return output.lines().filter(l -> l.startsWith("uids")).findFirst().orElseThrow().substring(4).strip();
    }

    @Test
    void aSubmittedMessageIsInSentOnceAsSubmittedAndTheClientsAppendOfItGetsTheSameUid() throws Exception {
        run("submit", "sortie", 1);
        h.await("the message relayed", () -> h.sink.received.size() == 1);
        String read = run("read", "sortie", 1);
        assertEquals("1", uids(read), read);
        assertTrue(read.contains("\\Seen"), read);
        assertTrue(read.contains("Subject: sent copy 1") && read.contains("Compte rendu 1"), read);
        assertTrue(!read.contains("pkcs7"), "the copy is the message as submitted, not the signed one: " + read);

        String appended = run("append", "sortie", 1);
        assertTrue(appended.matches("(?s).*append OK \\[APPENDUID \\d+ 1\\].*"), appended);
        assertEquals("1", uids(appended), "still one copy: " + appended);
    }

    @Test
    void aMessageTheClientAppendedFirstGetsNoSecondCopy() throws Exception {
        String appended = run("append", "sortie", 2);
        assertEquals("1", uids(appended), appended);
        run("submit", "sortie", 2);
        h.await("the message relayed", () -> h.sink.received.size() == 1);
        assertEquals("1", uids(run("read", "sortie", 2)));
    }

    @Test
    void aUserWhoseSentCopyIsOffGetsNone() throws Exception {
        run("submit", "accueil", 3);
        h.await("the message relayed", () -> h.sink.received.size() == 1);
        assertEquals("", uids(run("read", "accueil", 3)));
    }
}
