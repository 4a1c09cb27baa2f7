package org.villhop.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IMAP server at the protocol level, over real TLS sockets: states, errors, response codes, streaming. */
class ImapProtocolTest {

    static final String MESSAGE = "From: Dr Alice Martin <alice@hopital.example>\r\nTo: secretariat@hopital.example\r\n"
            + "Subject: Compte rendu Dupont\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
            + "Message-ID: <cr-1@hopital.example>\r\n\r\nBonjour,\r\nle compte rendu suit.\r\n";

    @TempDir
    static Path directory;
    static ImapFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ImapFixture(directory);
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    private static RawImapClient loggedIn(String user) throws IOException {
        RawImapClient client = new RawImapClient(fixture.implicitTls.port(), fixture.tls.client);
        assertTrue(last(client.command("LOGIN \"" + user + "\" \"" + ImapFixture.PASSWORD + "\"")).contains("OK"));
        return client;
    }

    /** A non-synchronizing literal (LITERAL+) of {@code text} in UTF-8. */
    private static String literal(String text) {
        return "{" + text.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + text;
    }

    /** Delivers {@code message} (bytes as given, no flags) to a mailbox of {@code user}. */
    private static void deliver(String user, String mailbox, byte[] message) throws IOException {
        fixture.store.deliver(user, mailbox, new ByteArrayInputStream(message), Set.of());
    }

    private static String last(List<String> lines) {
        return lines.getLast();
    }

    @Test
    void loginIsDisabledUntilStartTlsAndWorksAfterIt() throws IOException {
        try (RawImapClient client = new RawImapClient(fixture.startTls.port(), null)) {
            assertTrue(client.greeting.contains("STARTTLS") && client.greeting.contains("LOGINDISABLED"),
                    client.greeting);
            assertTrue(last(client.command("LOGIN secretariat@hopital.example x")).startsWith("a1 NO [PRIVACYREQUIRED]"));
            assertTrue(last(client.command("AUTHENTICATE PLAIN")).contains("NO [PRIVACYREQUIRED]"));
            client.startTls(fixture.tls.client);
            List<String> capability = client.command("CAPABILITY");
            assertTrue(capability.getFirst().contains("AUTH=PLAIN"));
            assertFalse(capability.getFirst().contains("LOGINDISABLED"));
            assertTrue(last(client.command("LOGIN \"" + ImapFixture.USER + "\" \"" + ImapFixture.PASSWORD + "\""))
                    .contains("OK"));
        }
    }

    @Test
    void onlyTls12AndLaterWithStrongSuitesAreAccepted() throws Exception {
        javax.net.ssl.SSLSocketFactory factory = fixture.tls.client.getSocketFactory();
        try (javax.net.ssl.SSLSocket old = (javax.net.ssl.SSLSocket) factory.createSocket("127.0.0.1",
                fixture.implicitTls.port())) {
            old.setEnabledProtocols(new String[] {"TLSv1.1"});
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class, old::startHandshake);
        }
        try (javax.net.ssl.SSLSocket cbc = (javax.net.ssl.SSLSocket) factory.createSocket("127.0.0.1",
                fixture.implicitTls.port())) {
            cbc.setEnabledProtocols(new String[] {"TLSv1.2"});
            cbc.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class, cbc::startHandshake);
        }
        try (javax.net.ssl.SSLSocket gcm = (javax.net.ssl.SSLSocket) factory.createSocket("127.0.0.1",
                fixture.implicitTls.port())) {
            gcm.setEnabledProtocols(new String[] {"TLSv1.2"});
            gcm.startHandshake();
            assertTrue(gcm.getSession().getCipherSuite().contains("_GCM_")
                    || gcm.getSession().getCipherSuite().contains("CHACHA20"), gcm.getSession().getCipherSuite());
        }
    }

    @Test
    void authenticatePlainWorksWithAnInitialResponseAndAsAContinuation() throws IOException {
        String plain = java.util.Base64.getEncoder().encodeToString(("\0" + ImapFixture.USER + "\0"
                + ImapFixture.PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (RawImapClient client = new RawImapClient(fixture.implicitTls.port(), fixture.tls.client)) {
            assertTrue(last(client.command("AUTHENTICATE PLAIN " + plain)).contains("OK"));
        }
        try (RawImapClient client = new RawImapClient(fixture.implicitTls.port(), fixture.tls.client)) {
            String tag = client.nextTag();
            client.send(tag + " AUTHENTICATE PLAIN");
            assertEquals("+ ", client.readLine());
            client.send(plain);
            assertTrue(client.responses(tag).getLast().contains("OK"));
        }
    }

    @Test
    void failedLoginsAreRefusedWithAuthenticationFailedThrottledAndAudited() throws IOException {
        try (RawImapClient client = new RawImapClient(fixture.implicitTls.port(), fixture.tls.client)) {
            long start = System.nanoTime();
            assertEquals("a1 NO [AUTHENTICATIONFAILED] authentication failed",
                    last(client.command("LOGIN mallory@example.org guess1")));
            assertEquals("a2 NO [AUTHENTICATIONFAILED] authentication failed",
                    last(client.command("LOGIN mallory@example.org guess2")));
            assertTrue(System.nanoTime() - start >= 150_000_000L, "50 ms then 100 ms of delay at least");
        }
        assertTrue(fixture.audit.stream().anyMatch(e -> e.type() == ImapAuditEvent.Type.LOGIN_FAILED
                && e.user().equals("mallory@example.org") && e.remoteAddress().equals("127.0.0.1")));
    }

    @Test
    void malformedCommandsGetBadAndTheSessionGoesOn() throws IOException {
        try (RawImapClient client = loggedIn(ImapFixture.USER)) {
            client.send("");
            assertTrue(client.readLine().contains("BAD"));
            assertTrue(last(client.command("FROBNICATE")).contains("BAD unknown command FROBNICATE"));
            assertTrue(last(client.command("SELECT")).contains("BAD"));
            assertTrue(last(client.command("FETCH 1 FLAGS")).contains("BAD no mailbox is selected"));
            assertTrue(last(client.command("SELECT \"INBOX")).contains("BAD unterminated quoted string"));
            client.command("SELECT INBOX");
            assertTrue(last(client.command("FETCH 1:x FLAGS")).contains("BAD invalid sequence set"));
            assertTrue(last(client.command("FETCH 99999 FLAGS")).contains("BAD no message with sequence number"));
            assertTrue(last(client.command("UID FETCH 1 (BODY[1.FOO])")).contains("BAD invalid section"));
            assertTrue(last(client.command("SEARCH SINCE yesterday")).contains("BAD invalid date"));
            client.send("a99 LOGIN " + "x".repeat(70_000));
            assertTrue(client.readLine().contains("BAD command line too long"));
            assertTrue(last(client.command("NOOP")).contains("OK"));
        }
    }

    @Test
    void mailboxErrorsCarryTheirResponseCodes() throws IOException {
        try (RawImapClient client = loggedIn(ImapFixture.OTHER)) {
            assertTrue(last(client.command("SELECT Nowhere")).contains("NO [NONEXISTENT]"));
            assertTrue(last(client.command("CREATE Sent")).contains("NO [ALREADYEXISTS]"));
            String tag = client.nextTag();
            client.send(tag + " APPEND Nowhere {5+}");
            client.sendBytes("Hello\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(last(client.responses(tag)).contains("NO [TRYCREATE]"));
            client.command("SELECT INBOX");
            assertTrue(last(client.command("COPY 1:* Nowhere")).contains("BAD"), "empty mailbox, * is invalid");
        }
    }

    @Test
    void anAppendOverQuotaIsRefusedWithOverQuota() throws IOException {
        String user = "quota@hopital.example";
        fixture.store.setQuota(user, 100);
        deliver(user, "INBOX", new byte[90]);
        try (RawImapClient client = new RawImapClient(fixture.implicitTls.port(), fixture.tls.client)) {
            // quota@ has no password: log in as a user who has one, then check the refusal through the store API
            assertTrue(last(client.command("LOGIN quota@hopital.example x")).contains("AUTHENTICATIONFAILED"));
        }
        fixture.store.setQuota(ImapFixture.OTHER, fixture.store.quota(ImapFixture.OTHER).usedBytes() + 50);
        try (RawImapClient client = loggedIn(ImapFixture.OTHER)) {
            String tag = client.nextTag();
            client.send(tag + " APPEND INBOX {" + MESSAGE.length() + "+}");
            client.sendBytes((MESSAGE + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(last(client.responses(tag)).contains("NO [OVERQUOTA]"));
        } finally {
            fixture.store.setQuota(ImapFixture.OTHER, 0);
        }
    }

    @Test
    void fetchOfManyMessagesAnswersEachOnceInOrderAcrossTheStoresBatches() throws IOException {
        String user = ImapFixture.USER;
        fixture.store.createMailbox(user, "Many");
        int count = 1234; // more than two of FetchCommand's batches of 500
        for (int i = 1; i <= count; i++) {
            deliver(user, "Many", ("From: a@hopital.example\r\nSubject: letter " + i + "\r\n\r\nbody " + i + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        try (RawImapClient client = loggedIn(user)) {
            client.command("SELECT Many");
            List<String> lines = client.command("FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            List<String> fetched = lines.stream().filter(l -> l.startsWith("* ")).toList();
            assertEquals(count, fetched.size());
            for (int i = 0; i < count; i++) {
                int seq = i + 1;
                assertTrue(fetched.get(i).startsWith("* " + seq + " FETCH (UID " + seq + " ")
                        && fetched.get(i).contains("Subject: letter " + seq + "\r\n"), fetched.get(i));
            }
            List<String> envelopes = client.command("FETCH 2:" + (count - 1) + " (ENVELOPE)").stream()
                    .filter(l -> l.contains(" FETCH (ENVELOPE ")).toList();
            assertEquals(count - 2, envelopes.size());
            assertTrue(envelopes.getFirst().startsWith("* 2 FETCH") && envelopes.getFirst().contains("\"letter 2\""),
                    envelopes.getFirst());
            assertTrue(envelopes.getLast().startsWith("* " + (count - 1) + " FETCH")
                    && envelopes.getLast().contains("\"letter " + (count - 1) + "\""), envelopes.getLast());
        }
    }

    @Test
    void searchBodyAndTextMatchTheDecodedTextOfBase64QuotedPrintableAndLatin1Parts() throws IOException {
        String user = ImapFixture.USER;
        fixture.store.createMailbox(user, "Decoded");
        String base64 = java.util.Base64.getMimeEncoder().encodeToString(
                "Ordonnance: amoxicilline 1 g matin et soir".getBytes(StandardCharsets.UTF_8));
        String multipart = "From: a@hopital.example\r\nSubject: =?UTF-8?Q?R=C3=A9ponse_du_m=C3=A9decin?=\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64 + "\r\n--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString("secret scanner text".getBytes(
                        StandardCharsets.US_ASCII)) + "\r\n--b1--\r\n";
        String quotedPrintable = "From: b@hopital.example\r\nSubject: suivi\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Pansement =C3=A0 refaire, plaie cicatris=C3=A9e, infirmi=\r\nere le lundi\r\n";
        byte[] latin1 = ("From: c@hopital.example\r\nSubject: arret\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Arr\u00eat de travail prolong\u00e9\r\n").getBytes(StandardCharsets.ISO_8859_1);
        deliver(user, "Decoded", multipart.getBytes(StandardCharsets.US_ASCII));
        deliver(user, "Decoded", quotedPrintable.getBytes(StandardCharsets.US_ASCII));
        deliver(user, "Decoded", latin1);
        try (RawImapClient client = loggedIn(user)) {
            client.command("SELECT Decoded");
            assertEquals("* SEARCH 1", client.command("SEARCH BODY AMOXICILLINE").getFirst(), "base64 text part");
            assertEquals("* SEARCH", client.command("SEARCH BODY scanner").getFirst(),
                    "a binary attachment is not decoded");
            assertEquals("* SEARCH 2", client.command("SEARCH BODY \"infirmiere le lundi\"").getFirst(),
                    "quoted-printable soft line break joined");
            assertEquals("* SEARCH 2", client.command("SEARCH CHARSET UTF-8 BODY " + literal("cicatrisée"))
                    .getFirst());
            assertEquals("* SEARCH 3", client.command("SEARCH CHARSET UTF-8 TEXT " + literal("Arrêt de travail"))
                    .getFirst());
            assertEquals("* SEARCH 1", client.command("SEARCH CHARSET UTF-8 TEXT " + literal("médecin")).getFirst(),
                    "encoded words of the header");
            assertEquals("* SEARCH", client.command("SEARCH BODY medecin").getFirst(), "the header is not the body");
        }
    }

    @Test
    void listReturnStatusGivesEachMailboxsCountsAndStatusSizeItsBytes() throws IOException {
        String user = ImapFixture.OTHER;
        fixture.store.createMailbox(user, "Counted");
        deliver(user, "Counted", MESSAGE.getBytes(StandardCharsets.US_ASCII));
        try (RawImapClient client = loggedIn(user)) {
            assertTrue(client.command("CAPABILITY").getFirst().contains(" LIST-STATUS STATUS=SIZE"));
            List<String> lines = client.command("LIST \"\" Counted RETURN (STATUS (MESSAGES UNSEEN SIZE))");
            assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"Counted\"",
                    "* STATUS \"Counted\" (MESSAGES 1 UNSEEN 1 SIZE " + MESSAGE.length() + ")"),
                    lines.subList(0, 2), lines.toString());
            assertTrue(last(lines).contains("OK"));
            assertTrue(last(client.command("LIST \"\" Counted RETURN (FROBS)")).contains("BAD unknown LIST return"));
            assertTrue(last(client.command("LIST \"\" Counted EXTRA")).contains("BAD RETURN expected"));
        }
    }

    @Test
    void selectFetchStoreSearchCopyMoveAndExpungeFollowTheRfc() throws IOException {
        String user = ImapFixture.USER;
        fixture.store.createMailbox(user, "Protocol");
        deliver(user, "Protocol", MESSAGE.getBytes(StandardCharsets.UTF_8));
        try (RawImapClient client = loggedIn(user)) {
            List<String> select = client.command("SELECT Protocol");
            assertTrue(select.contains("* 1 EXISTS"), select.toString());
            assertTrue(select.stream().anyMatch(l -> l.startsWith("* OK [UIDVALIDITY ")));
            assertTrue(last(select).contains("OK [READ-WRITE]"));
            List<String> fetch = client.command("FETCH 1 (FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertEquals("* 1 FETCH (FLAGS (\\Recent) RFC822.SIZE " + MESSAGE.length()
                    + " BODY[HEADER.FIELDS (SUBJECT)] {32}\r\nSubject: Compte rendu Dupont\r\n\r\n)", fetch.getFirst());
            List<String> partial = client.command("FETCH 1 BODY[TEXT]<0.7>");
            assertEquals("* 1 FETCH (BODY[TEXT]<0> {7}\r\nBonjour FLAGS (\\Recent \\Seen))", partial.getFirst());
            assertEquals("* 1 FETCH (FLAGS (\\Flagged \\Recent \\Seen))",
                    client.command("STORE 1 +FLAGS (\\Flagged)").getFirst());
            assertEquals("* SEARCH 1", client.command("SEARCH FLAGGED SUBJECT dupont FROM alice").getFirst());
            assertEquals("* SEARCH", client.command("SEARCH OR UNSEEN LARGER 100000").getFirst());
            List<String> copy = client.command("UID COPY 1 Trash");
            assertTrue(last(copy).matches("a\\d+ OK \\[COPYUID \\d+ 1 \\d+] COPY completed"), last(copy));
            List<String> move = client.command("MOVE 1 Junk");
            assertTrue(move.get(0).startsWith("* OK [COPYUID "), move.toString());
            assertEquals("* 1 EXPUNGE", move.get(1));
            assertTrue(last(client.command("FETCH 1 FLAGS")).contains("BAD"), "the mailbox is now empty");
        }
    }

    @Test
    void newMailboxNamesMustBeModifiedUtf7() throws IOException {
        try (RawImapClient client = loggedIn(ImapFixture.OTHER)) {
            assertTrue(last(client.command("CREATE \"Dossiers/M&AOk-decins\"")).contains("OK"));
            assertTrue(client.command("LIST \"\" \"Dossiers/*\"").contains(
                    "* LIST (\\HasNoChildren) \"/\" \"Dossiers/M&AOk-decins\""));
            assertTrue(last(client.command("CREATE \"R&-D\"")).contains("OK"), "&- is a literal &");
            assertTrue(last(client.command("CREATE " + literal("Médecins"))).contains("NO [CANNOT]"),
                    "raw 8-bit names are refused");
            assertTrue(last(client.command("CREATE \"Bad&name\"")).contains("NO [CANNOT]"), "an unterminated shift");
            assertTrue(last(client.command("RENAME \"R&-D\" " + literal("Recherche é"))).contains("NO [CANNOT]"));
            assertTrue(last(client.command("RENAME \"R&-D\" Recherche")).contains("OK"));
        }
    }

    @Test
    void searchReturnAnswersWithAnEsearchLine() throws IOException {
        String user = ImapFixture.USER;
        fixture.store.createMailbox(user, "Esearch");
        for (int i = 1; i <= 6; i++) {
            fixture.store.deliver(user, "Esearch", new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.UTF_8)),
                    i == 2 || i == 6 ? Set.of("\\Seen") : Set.of());
        }
        try (RawImapClient client = loggedIn(user)) {
            assertTrue(client.command("CAPABILITY").getFirst().contains(" ESEARCH"));
            client.command("SELECT Esearch");
            String tag = client.nextTag();
            client.send(tag + " SEARCH RETURN (MIN MAX COUNT ALL) UNSEEN");
            List<String> lines = client.responses(tag);
            assertEquals("* ESEARCH (TAG \"" + tag + "\") MIN 1 MAX 5 COUNT 4 ALL 1,3:5", lines.getFirst());
            List<String> uids = client.command("UID SEARCH RETURN () SEEN");
            assertTrue(uids.getFirst().matches("\\* ESEARCH \\(TAG \"a\\d+\"\\) UID ALL \\d+,\\d+"), uids.getFirst());
            List<String> none = client.command("SEARCH RETURN (COUNT MIN) KEYWORD nothing");
            assertTrue(none.getFirst().endsWith(") COUNT 0"), none.getFirst());
            assertTrue(last(client.command("SEARCH RETURN (SAVE) ALL")).contains("BAD unknown SEARCH RETURN option"));
            assertEquals("* SEARCH 2 6", client.command("SEARCH SEEN").getFirst(), "without RETURN: a SEARCH line");
        }
    }

    @Test
    void messagesAreRecentForTheFirstSessionThatSelectsThemOnly() throws IOException {
        String user = ImapFixture.USER;
        fixture.store.createMailbox(user, "Fresh");
        deliver(user, "Fresh", MESSAGE.getBytes(StandardCharsets.UTF_8));
        deliver(user, "Fresh", MESSAGE.getBytes(StandardCharsets.UTF_8));
        try (RawImapClient a = loggedIn(user); RawImapClient b = loggedIn(user)) {
            assertTrue(a.command("STATUS Fresh (RECENT)").contains("* STATUS \"Fresh\" (RECENT 2)"));
            assertTrue(a.command("EXAMINE Fresh").contains("* 2 RECENT"), "EXAMINE sees them");
            assertTrue(a.command("FETCH 1 FLAGS").contains("* 1 FETCH (FLAGS (\\Recent))"));
            assertTrue(b.command("SELECT Fresh").contains("* 2 RECENT"), "EXAMINE did not claim them: SELECT does");
            assertEquals("* SEARCH 1 2", b.command("SEARCH RECENT").getFirst());
            assertTrue(a.command("SELECT Fresh").contains("* 0 RECENT"), "b claimed them");
            assertEquals("* SEARCH 1 2", a.command("SEARCH OLD").getFirst());
            assertTrue(a.command("FETCH 1 FLAGS").contains("* 1 FETCH (FLAGS ())"));
            fixture.store.deliver(user, "Fresh", new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.UTF_8)),
                    Set.of("\\Seen"));
            deliver(user, "Fresh", MESSAGE.getBytes(StandardCharsets.UTF_8));
            List<String> noop = a.command("NOOP");
            assertEquals(List.of("* 4 EXISTS", "* 2 RECENT"), noop.subList(0, noop.size() - 1));
            assertEquals("* SEARCH 4", a.command("SEARCH NEW").getFirst(), "recent and unseen");
            List<String> other = b.command("NOOP");
            assertEquals(List.of("* 4 EXISTS"), other.subList(0, other.size() - 1), "a saw the new ones first");
            assertEquals("* SEARCH 1 2", b.command("SEARCH RECENT").getFirst());
            assertTrue(b.command("STATUS Fresh (RECENT)").contains("* STATUS \"Fresh\" (RECENT 0)"));
        }
    }

    @Test
    void anotherSessionsChangesAreReportedWithoutShiftingSequenceNumbersDuringFetch() throws IOException {
        String user = ImapFixture.USER;
        fixture.store.createMailbox(user, "Shared");
        for (int i = 0; i < 2; i++) {
            deliver(user, "Shared", MESSAGE.getBytes(StandardCharsets.UTF_8));
        }
        try (RawImapClient a = loggedIn(user); RawImapClient b = loggedIn(user)) {
            a.command("SELECT Shared");
            b.command("SELECT Shared");
            b.command("STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertTrue(b.command("EXPUNGE").contains("* 1 EXPUNGE"));
            b.command("STORE 1 +FLAGS.SILENT (\\Flagged)");
            deliver(user, "Shared", MESSAGE.getBytes(StandardCharsets.UTF_8));
            List<String> fetch = a.command("FETCH 1:2 UID");
            assertFalse(fetch.stream().anyMatch(l -> l.contains("EXPUNGE")), "no EXPUNGE during FETCH: " + fetch);
            assertTrue(fetch.contains("* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))"), fetch.toString());
            assertTrue(fetch.contains("* 3 EXISTS"), fetch.toString());
            assertTrue(fetch.contains("* 3 RECENT"), "the new message is recent for a, which saw it first: " + fetch);
            List<String> noop = a.command("NOOP");
            assertEquals(List.of("* 1 EXPUNGE"), noop.subList(0, noop.size() - 1));
            assertEquals("* SEARCH 2 3", a.command("UID SEARCH ALL").getFirst());
        }
    }

    @Test
    void noopReportsExpungesFlagsAndNewMailOfAnotherSessionInSequenceOrder() throws IOException {
        String user = ImapFixture.USER;
        fixture.store.createMailbox(user, "Followed");
        for (int i = 0; i < 4; i++) {
            deliver(user, "Followed", MESSAGE.getBytes(StandardCharsets.UTF_8));
        }
        try (RawImapClient a = loggedIn(user); RawImapClient b = loggedIn(user)) {
            a.command("SELECT Followed");
            b.command("SELECT Followed");
            b.command("UID STORE 1,3 +FLAGS.SILENT (\\Deleted)");
            b.command("UID EXPUNGE 1");
            b.command("UID STORE 4 +FLAGS.SILENT (\\Answered)");
            fixture.store.deliver(user, "Followed", new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.UTF_8)),
                    Set.of("\\Seen"));
            List<String> noop = a.command("NOOP");
            assertEquals(List.of("* 1 EXPUNGE", "* 2 FETCH (UID 3 FLAGS (\\Deleted \\Recent))",
                    "* 3 FETCH (UID 4 FLAGS (\\Answered \\Recent))", "* 4 EXISTS"), noop.subList(0, noop.size() - 1),
                    "a selected first: its messages are recent, the count stays 4 (one expunged, one new)");
            assertEquals("* SEARCH 2 3 4 5", a.command("UID SEARCH ALL").getFirst());
            assertEquals(List.of("* 4 FETCH (UID 5 FLAGS (\\Recent \\Seen))"),
                    a.command("FETCH 4 (UID FLAGS)").subList(0, 1));
            List<String> other = b.command("NOOP");
            assertEquals(List.of("* 4 EXISTS"), other.subList(0, other.size() - 1), "its own changes are not repeated");
        }
    }

    @Test
    void noopFindsMailStoredByAnotherProcess() throws Exception {
        String user = ImapFixture.USER;
        fixture.store.createMailbox(user, "FromCli");
        try (RawImapClient client = loggedIn(user)) {
            assertTrue(client.command("SELECT FromCli").contains("* 0 EXISTS"));
            try (org.villhop.store.SqliteMailboxStore other = org.villhop.store.SqliteMailboxStore.open(
                    directory.resolve("mail"), java.time.Clock.systemUTC())) {
                other.deliver(user, "FromCli", new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.UTF_8)),
                        Set.of());
            }
            assertTrue(client.command("NOOP").contains("* 1 EXISTS"));
        }
    }

    @Test
    void aFiftyMegabyteMessageIsFetchedInPartsThroughAStreamedAppend() throws IOException {
        long size = 50L * 1024 * 1024;
        String user = ImapFixture.OTHER;
        fixture.store.createMailbox(user, "Large");
        try (RawImapClient client = loggedIn(user)) {
            String tag = client.nextTag();
            client.send(tag + " APPEND Large {" + size + "}");
            assertTrue(client.readLine().startsWith("+"));
            byte[] header = "Subject: large\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            client.sendBytes(header);
            byte[] chunk = new byte[1024 * 1024];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i % 78 == 76 ? '\r' : i % 78 == 77 ? '\n' : 'A' + i % 26);
            }
            long left = size - header.length;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                client.sendBytes(java.util.Arrays.copyOf(chunk, n));
                left -= n;
            }
            client.send("");
            assertTrue(last(client.responses(tag)).contains("OK [APPENDUID"));
            client.command("SELECT Large");
            long fetched = 0;
            for (long offset = 0; offset < size; offset += 1_000_000) {
                String ftag = client.nextTag();
                client.send(ftag + " FETCH 1 BODY.PEEK[]<" + offset + ".1000000>");
                String line = client.readLine();
                int length = Integer.parseInt(line.substring(line.lastIndexOf('{') + 1, line.length() - 1));
                byte[] part = client.readBytes(length);
                if (offset == 0) {
                    assertEquals("Subject: large", new String(part, 0, 14, StandardCharsets.US_ASCII));
                }
                fetched += part.length;
                assertTrue(last(client.responses(ftag)).contains("OK"));
            }
            assertEquals(size, fetched);
        }
    }
}
