package org.villhop.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link MailboxStore} must do. A test class for an implementation implements this interface and provides
 * a fresh, empty store per test through {@link #store()}.
 */
public interface MailboxStoreContract {

    MailboxStore store();

    String SIMPLE = "From: Dr Alice Martin <alice@hopital.example>\r\nTo: bob@cabinet.example\r\n"
            + "Subject: Compte rendu\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: <m1@hopital.example>\r\n"
            + "\r\nBonjour,\r\nvoici le compte rendu.\r\n";

    String MULTIPART = "From: alice@hopital.example\r\nTo: bob@cabinet.example\r\nSubject: Lettre\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"xyz\"\r\n\r\npreamble\r\n"
            + "--xyz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCorps du message\r\n"
            + "--xyz\r\nContent-Type: application/pdf; name=\"lettre.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"lettre.pdf\"\r\n\r\nJVBERi0xLjQK\r\n--xyz--\r\nepilogue\r\n";

    static InputStream text(String message) {
        return new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    default void aNewUserHasTheDefaultFoldersWithTheirSpecialUse() {
        List<MailboxInfo> boxes = store().listMailboxes("alice");
        assertEquals(List.of("Drafts", "INBOX", "Junk", "Sent", "Trash"), boxes.stream().map(MailboxInfo::name).toList());
        assertEquals("\\Sent", store().mailbox("alice", "Sent").orElseThrow().specialUse());
        assertEquals("\\Junk", store().mailbox("alice", "Junk").orElseThrow().specialUse());
        assertTrue(store().mailbox("alice", "inbox").isPresent(), "INBOX is case-insensitive");
    }

    @Test
    default void aDeliveredMessageIsStoredByteForByteWithItsFlagsDateAndSize() throws IOException {
        AppendResult result = store().append("alice", "INBOX", text(SIMPLE), Set.of("\\seen", "$Label1"),
                Instant.parse("2026-11-20T08:00:00Z"));
        MessageMeta meta = store().messages("alice", "INBOX").getFirst();
        assertEquals(result.uid(), meta.uid());
        assertEquals(Set.of("\\Seen", "$Label1"), meta.flags());
        assertEquals(Instant.parse("2026-11-20T08:00:00Z"), meta.internalDate());
        assertEquals(SIMPLE.length(), meta.size());
        try (InputStream in = store().open(meta, 0)) {
            assertEquals(SIMPLE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(store().mailbox("alice", "INBOX").orElseThrow().uidValidity(), result.uidValidity());
        assertEquals(java.util.Optional.of("Compte rendu"), meta.header("Subject"));
        assertEquals(java.util.Optional.empty(), meta.header("Cc"));
    }

    @Test
    default void theHeaderBlockIsKeptForSmallHeadersOnly() throws IOException {
        long small = store().deliver("alice", "INBOX", text(SIMPLE), Set.of()).uid();
        long large = store().deliver("alice", "INBOX", text("X-Big: " + "a".repeat(20_000) + "\r\n\r\nbody\r\n"),
                Set.of()).uid();
        java.util.Map<Long, byte[]> blocks = store().headerBlocks("alice", "INBOX", List.of(small, large));
        assertEquals(SIMPLE.substring(0, SIMPLE.indexOf("\r\n\r\n") + 4),
                new String(blocks.get(small), StandardCharsets.UTF_8));
        assertFalse(blocks.containsKey(large));
    }

    @Test
    default void searchHeadersAreKeptDecoded() throws IOException {
        store().deliver("alice", "INBOX", text("Subject: =?UTF-8?B?w6l0w6k=?= 2026\r\nFrom: =?ISO-8859-1?Q?Ren=E9?="
                + " <rene@example.org>\r\n\r\nx\r\n"), Set.of());
        MessageMeta meta = store().index("alice", "INBOX").getFirst();
        assertEquals(java.util.Optional.of("été 2026"), meta.header("subject"));
        assertEquals(java.util.Optional.of("René <rene@example.org>"), meta.header("FROM"));
    }

    @Test
    default void uidsIncreaseStrictlyAndAreNeverReusedAfterExpunge() throws IOException {
        long first = store().deliver("alice", "INBOX", text(SIMPLE), Set.of()).uid();
        long second = store().deliver("alice", "INBOX", text(SIMPLE), Set.of()).uid();
        assertTrue(second > first);
        store().storeFlags("alice", "INBOX", List.of(second), MailboxStore.FlagChange.ADD, Set.of("\\Deleted"));
        assertEquals(List.of(second), store().expunge("alice", "INBOX", null));
        long third = store().deliver("alice", "INBOX", text(SIMPLE), Set.of()).uid();
        assertTrue(third > second);
        assertEquals(List.of(first, third), store().messages("alice", "INBOX").stream().map(MessageMeta::uid).toList());
    }

    @Test
    default void messagesAreReadByUidsAndAfterAUid() throws IOException {
        List<Long> uids = fill(store(), "alice", 4);
        assertEquals(List.of(uids.get(1), uids.get(3)), store().messages("alice", "INBOX",
                List.of(uids.get(3), uids.get(1), 999L)).stream().map(MessageMeta::uid).toList());
        assertEquals(uids.subList(2, 4), store().messagesAfter("alice", "INBOX", uids.get(1)).stream()
                .map(MessageMeta::uid).toList());
        List<MessageMeta> index = store().index("alice", "INBOX");
        assertEquals(uids, index.stream().map(MessageMeta::uid).toList());
        assertFalse(index.getFirst().hasStructure(), "the index leaves the structure out");
        assertEquals(store().messages("alice", "INBOX").getFirst().withoutStructure(), index.getFirst());
    }

    @Test
    default void expungeRemovesOnlyDeletedMessagesAmongTheGivenUids() throws IOException {
        long a = store().deliver("alice", "INBOX", text(SIMPLE), Set.of("\\Deleted")).uid();
        long b = store().deliver("alice", "INBOX", text(SIMPLE), Set.of("\\Deleted")).uid();
        long c = store().deliver("alice", "INBOX", text(SIMPLE), Set.of()).uid();
        assertEquals(List.of(b), store().expunge("alice", "INBOX", List.of(b, c)));
        assertEquals(List.of(a, c), store().messages("alice", "INBOX").stream().map(MessageMeta::uid).toList());
    }

    @Test
    default void flagsAreAddedRemovedAndReplacedIncludingKeywords() throws IOException {
        long uid = store().deliver("alice", "INBOX", text(SIMPLE), Set.of()).uid();
        store().storeFlags("alice", "INBOX", List.of(uid), MailboxStore.FlagChange.ADD, Set.of("\\Flagged", "urgent"));
        store().storeFlags("alice", "INBOX", List.of(uid), MailboxStore.FlagChange.REMOVE, Set.of("\\flagged"));
        assertEquals(Set.of("urgent"), store().messages("alice", "INBOX").getFirst().flags());
        List<MessageMeta> updated = store().storeFlags("alice", "INBOX", List.of(uid),
                MailboxStore.FlagChange.REPLACE, Set.of("\\Seen", "\\Answered"));
        assertEquals(Set.of("\\Seen", "\\Answered"), updated.getFirst().flags());
        MailboxInfo inbox = store().mailbox("alice", "INBOX").orElseThrow();
        assertEquals(0, inbox.unseen());
        assertEquals(1, inbox.messages());
    }

    @Test
    default void aMessageOverTheQuotaIsRefusedAndNothingIsStored() throws IOException {
        store().setQuota("alice", SIMPLE.length() + 10);
        store().deliver("alice", "INBOX", text(SIMPLE), Set.of());
        assertThrows(OverQuotaException.class, () -> store().deliver("alice", "INBOX", text(SIMPLE), Set.of()));
        assertEquals(1, store().messages("alice", "INBOX").size());
        assertEquals(new Quota(SIMPLE.length(), SIMPLE.length() + 10), store().quota("alice"));
        store().storeFlags("alice", "INBOX", List.of(1L), MailboxStore.FlagChange.ADD, Set.of("\\Deleted"));
        store().expunge("alice", "INBOX", null);
        assertEquals(0, store().quota("alice").usedBytes());
    }

    @Test
    default void copyGivesNewUidsAndMoveRemovesTheOriginals() throws IOException {
        long uid = store().deliver("alice", "INBOX", text(SIMPLE), Set.of("\\Seen")).uid();
        CopyResult copied = store().copy("alice", "INBOX", List.of(uid), "Trash");
        assertEquals(List.of(uid), copied.sourceUids());
        assertEquals(store().mailbox("alice", "Trash").orElseThrow().uidValidity(), copied.destinationUidValidity());
        CopyResult moved = store().move("alice", "INBOX", List.of(uid), "Junk");
        assertTrue(store().messages("alice", "INBOX").isEmpty());
        MessageMeta junk = store().messages("alice", "Junk").getFirst();
        assertEquals(moved.destinationUids().getFirst(), junk.uid());
        assertEquals(Set.of("\\Seen"), junk.flags());
        store().storeFlags("alice", "Junk", List.of(junk.uid()), MailboxStore.FlagChange.ADD, Set.of("\\Deleted"));
        store().expunge("alice", "Junk", null);
        MessageMeta trash = store().messages("alice", "Trash").getFirst();
        try (InputStream in = store().open(trash, 0)) {
            assertEquals(SIMPLE, new String(in.readAllBytes(), StandardCharsets.UTF_8), "the shared bytes remain");
        }
    }

    @Test
    default void mailboxesAreCreatedRenamedAndDeletedWithPreciseErrors() throws IOException {
        store().createMailbox("alice", "Patients");
        store().createMailbox("alice", "Patients/Dupont");
        assertThrows(MailboxExistsException.class, () -> store().createMailbox("alice", "Patients"));
        long validity = store().mailbox("alice", "Patients").orElseThrow().uidValidity();
        store().deliver("alice", "Patients/Dupont", text(SIMPLE), Set.of());
        store().renameMailbox("alice", "Patients", "Dossiers");
        assertEquals(1, store().messages("alice", "Dossiers/Dupont").size());
        assertTrue(store().mailbox("alice", "Patients").isEmpty());
        store().deleteMailbox("alice", "Dossiers");
        assertThrows(MailboxNotFoundException.class, () -> store().messages("alice", "Dossiers"));
        assertThrows(MailboxNotFoundException.class,
                () -> store().deliver("alice", "Nowhere", text(SIMPLE), Set.of()));
        assertThrows(StoreException.class, () -> store().deleteMailbox("alice", "INBOX"));
        MailboxInfo recreated = store().createMailbox("alice", "Patients");
        assertTrue(recreated.uidValidity() > validity, "a recreated mailbox has a new UIDVALIDITY");
    }

    @Test
    default void renamingInboxMovesItsMessagesAndKeepsAnEmptyInbox() throws IOException {
        store().deliver("alice", "INBOX", text(SIMPLE), Set.of("\\Seen"));
        store().renameMailbox("alice", "inbox", "Archive 2026");
        assertTrue(store().messages("alice", "INBOX").isEmpty());
        assertEquals(Set.of("\\Seen"), store().messages("alice", "Archive 2026").getFirst().flags());
        assertThrows(MailboxExistsException.class, () -> store().renameMailbox("alice", "Sent", "INBOX"));
    }

    @Test
    default void usersDoNotSeeEachOthersMail() throws IOException {
        store().deliver("alice", "INBOX", text(SIMPLE), Set.of());
        assertTrue(store().messages("bob", "INBOX").isEmpty());
        assertEquals(List.of("alice", "bob"), store().users());
    }

    @Test
    @SuppressWarnings("try") // the subscription is only held open, never used, inside the block
    default void listenersAreToldOfNewMessagesFlagChangesAndExpunges() throws Exception {
        List<MailboxChange> changes = new CopyOnWriteArrayList<>();
        try (AutoCloseable ignored = store().listen("alice", changes::add)) {
            long uid = store().deliver("alice", "INBOX", text(SIMPLE), Set.of()).uid();
            store().storeFlags("alice", "INBOX", List.of(uid), MailboxStore.FlagChange.ADD, Set.of("\\Deleted"));
            store().expunge("alice", "INBOX", null);
            store().deliver("bob", "INBOX", text(SIMPLE), Set.of());
            assertEquals(List.of(new MailboxChange("alice", "INBOX", MailboxChange.Kind.APPENDED, List.of(uid)),
                    new MailboxChange("alice", "INBOX", MailboxChange.Kind.FLAGS, List.of(uid)),
                    new MailboxChange("alice", "INBOX", MailboxChange.Kind.EXPUNGED, List.of(uid))), changes);
        }
        store().deliver("alice", "INBOX", text(SIMPLE), Set.of());
        assertEquals(3, changes.size(), "a closed listener hears nothing more");
    }

    @Test
    default void envelopeAndBodyStructureAreComputedAtDelivery() throws IOException {
        store().deliver("alice", "INBOX", text(SIMPLE), Set.of());
        store().deliver("alice", "INBOX", text(MULTIPART), Set.of());
        List<MessageMeta> messages = store().messages("alice", "INBOX");
        assertEquals("(\"Mon, 23 Nov 2026 10:00:00 +0100\" \"Compte rendu\" ((\"Dr Alice Martin\" NIL \"alice\""
                + " \"hopital.example\")) ((\"Dr Alice Martin\" NIL \"alice\" \"hopital.example\"))"
                + " ((\"Dr Alice Martin\" NIL \"alice\" \"hopital.example\")) ((NIL NIL \"bob\" \"cabinet.example\"))"
                + " NIL NIL NIL \"<m1@hopital.example>\")", messages.get(0).envelope());
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 34 2)", messages.get(0).body());
        assertEquals("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 16 1 NIL NIL NIL NIL)"
                + "(\"APPLICATION\" \"PDF\" (\"NAME\" \"lettre.pdf\") NIL NIL \"BASE64\" 12 NIL"
                + " (\"ATTACHMENT\" (\"FILENAME\" \"lettre.pdf\")) NIL NIL) \"MIXED\" (\"BOUNDARY\" \"xyz\") NIL NIL NIL)",
                messages.get(1).bodyStructure());
        MessageParts pdf = messages.get(1).parts().find(new int[] {2}).orElseThrow();
        assertEquals("JVBERi0xLjQK", MULTIPART.substring((int) pdf.bodyStart(), (int) pdf.end()));
        assertTrue(messages.get(1).parts().find(new int[] {3}).isEmpty());
    }

    @Test
    default void aTwelveMegabyteMessageIsStoredAndReadBackIntact() throws IOException, NoSuchAlgorithmException {
        long size = 12L * 1024 * 1024;
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        InputStream message = new DigestInputStream(new SeededMessage(size, 12), written);
        AppendResult result = store().deliver("alice", "INBOX", message, Set.of());
        MessageMeta meta = store().messages("alice", "INBOX").getFirst();
        assertEquals(result.uid(), meta.uid());
        assertEquals(size, meta.size());
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(store().open(meta, 0), read)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertArrayEquals(written.digest(), read.digest());
        try (InputStream in = store().open(meta, size - 10)) {
            assertEquals(10, in.readAllBytes().length);
        }
        assertEquals(size, store().quota("alice").usedBytes());
        assertFalse(meta.bodyStructure().isEmpty());
    }

    /** A seeded message of an exact size: a header then base64-looking lines, generated as it is read. */
    final class SeededMessage extends InputStream {
        private final byte[] header = ("From: alice@hopital.example\r\nTo: bob@cabinet.example\r\nSubject: big\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        private final long size;
        private final Random random;
        private long position;

        public SeededMessage(long size, long seed) {
            this.size = size;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            long at = position++;
            if (at < header.length) {
                return header[(int) at];
            }
            long inBody = at - header.length;
            int column = (int) (inBody % 78);
            if (column == 76) {
                return '\r';
            }
            if (column == 77) {
                return '\n';
            }
            return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charAt(random.nextInt(64));
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) read();
            }
            return n;
        }
    }

    /** Appends {@code count} copies of a small message. */
    static List<Long> fill(MailboxStore store, String user, int count) throws IOException {
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            uids.add(store.deliver(user, "INBOX", text(SIMPLE), Set.of()).uid());
        }
        return uids;
    }

    @Test
    default void aSubmissionCopyIsStoredSeenInSentOnceAndTheClientsAppendOfItGetsItsUid() throws IOException {
        AppendResult copy = store().storeSentCopy("alice", text(SIMPLE), "<m1@hopital.example>").orElseThrow();
        assertEquals(Optional.empty(), store().storeSentCopy("alice", text(SIMPLE), "<m1@hopital.example>"),
                "a second attempt of the same delivery stores nothing");
        List<MessageMeta> sent = store().messages("alice", "Sent");
        assertEquals(1, sent.size());
        assertTrue(sent.getFirst().hasFlag(Flags.SEEN));

        AppendResult appended = store().append("alice", "Sent", text(SIMPLE), Set.of("\\Seen"), null);
        assertEquals(copy, appended, "the client's APPEND is answered with the copy's UID");
        assertEquals(1, store().messages("alice", "Sent").size());
        store().append("alice", "Sent", text(SIMPLE), Set.of(), null);
        assertEquals(2, store().messages("alice", "Sent").size(), "only the first APPEND is taken as the duplicate");
        store().append("alice", "INBOX", text(SIMPLE), Set.of(), null);
        store().append("alice", "INBOX", text(SIMPLE), Set.of(), null);
        assertEquals(2, store().messages("alice", "INBOX").size(), "other folders are never de-duplicated");
    }

    @Test
    default void aSubmissionCopyIsSkippedWhenTheClientAppendedTheMessageFirst() throws IOException {
        AppendResult appended = store().append("alice", "Sent", text(SIMPLE), Set.of("\\Seen"), null);
        assertEquals(Optional.empty(), store().storeSentCopy("alice", text(SIMPLE), " <m1@hopital.example> "));
        assertEquals(List.of(appended.uid()), store().messages("alice", "Sent").stream().map(MessageMeta::uid).toList());
        assertTrue(store().storeSentCopy("alice", text(MULTIPART), "queue:42").isPresent(),
                "a message without Message-ID is keyed by the caller's key");
        assertEquals(2, store().messages("alice", "Sent").size());
    }

    @Test
    default void recentMessagesAreClaimedOnceAndADeletedMailboxStartsAfresh() throws IOException {
        store().createMailbox("alice", "Recent");
        long first = store().deliver("alice", "Recent", text(SIMPLE), Set.of()).uid();
        long second = store().deliver("alice", "Recent", text(SIMPLE), Set.of()).uid();
        assertEquals(2, store().recentCount("alice", "Recent"));
        assertEquals(new RecentClaim(0, Long.MAX_VALUE), store().peekRecent("alice", "Recent"), "peeking claims nothing");
        assertEquals(new RecentClaim(0, second), store().claimRecent("alice", "Recent", first));
        assertEquals(new RecentClaim(second, second), store().claimRecent("alice", "Recent", second),
                "nothing left to claim");
        assertEquals(0, store().recentCount("alice", "Recent"));
        long third = store().deliver("alice", "Recent", text(SIMPLE), Set.of()).uid();
        assertEquals(1, store().recentCount("alice", "Recent"));
        assertEquals(new RecentClaim(second, second), store().claimRecent("alice", "Recent", second),
                "a session that has not seen the third message claims nothing");
        assertEquals(new RecentClaim(second, third), store().claimRecent("alice", "Recent", third));
        assertTrue(first < second && second < third);
        store().deleteMailbox("alice", "Recent");
        store().createMailbox("alice", "Recent");
        store().deliver("alice", "Recent", text(SIMPLE), Set.of());
        assertEquals(1, store().recentCount("alice", "Recent"), "the new mailbox's message is recent");
        assertEquals(new RecentClaim(0, store().messages("alice", "Recent").getFirst().uid()),
                store().claimRecent("alice", "Recent", 1), "the re-created mailbox's floor starts at 0");
        assertThrows(MailboxNotFoundException.class, () -> store().claimRecent("alice", "Nowhere", 0));
    }
}
