package org.villhop.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.storage.InlineBodies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqliteMailboxStoreTest implements MailboxStoreContract {

    @TempDir
    Path directory;
    private SqliteMailboxStore store;

    @BeforeEach
    void open() {
        store = SqliteMailboxStore.open(directory, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public MailboxStore store() {
        return store;
    }

    @Test
    void messagesFlagsAndUidsSurviveAReopen() throws IOException {
        long uid = store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of("\\Flagged")).uid();
        long validity = store.mailbox("alice", "INBOX").orElseThrow().uidValidity();
        store.close();
        store = SqliteMailboxStore.open(directory, Clock.systemUTC());
        MessageMeta meta = store.messages("alice", "INBOX").getFirst();
        assertEquals(uid, meta.uid());
        assertEquals(Set.of("\\Flagged"), meta.flags());
        assertEquals(validity, store.mailbox("alice", "INBOX").orElseThrow().uidValidity());
        assertEquals(uid + 1, store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of()).uid());
    }

    @Test
    void smallMessagesLiveInTheDatabaseLargerOnesInFilesAndBothReadFromAnyOffsetAfterAReopen() throws IOException {
        store.close();
        store = SqliteMailboxStore.open(directory, Clock.systemUTC(), new InlineBodies(1024, 4096));
        String small = SIMPLE + "x".repeat(1024 - SIMPLE.length());
        String large = small + "y";
        store.deliver("alice", "INBOX", MailboxStoreContract.text(small), Set.of());
        assertEquals(0, blobFiles(), "1 024 bytes: in the database");
        store.deliver("alice", "INBOX", MailboxStoreContract.text(large), Set.of());
        assertEquals(1, blobFiles(), "1 025 bytes: in a file");
        store.close();
        store = SqliteMailboxStore.open(directory, Clock.systemUTC(), new InlineBodies(1024, 4096));
        List<MessageMeta> messages = store.messages("alice", "INBOX");
        assertEquals(small, read(messages.get(0), 0));
        assertEquals(large, read(messages.get(1), 0));
        assertEquals("xx", read(messages.get(0), 1022));
        assertEquals("", read(messages.get(0), 5000));
        assertEquals(SIMPLE.substring(0, SIMPLE.indexOf("\r\n\r\n") + 4),
                new String(store.headerBlocks("alice", "INBOX", List.of(1L)).get(1L), StandardCharsets.UTF_8));
    }

    @Test
    void anExpungedMessageTakesItsContentOutOfTheDatabaseOnlyWithItsLastCopy() throws Exception {
        long uid = store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of()).uid();
        store.copy("alice", "INBOX", List.of(uid), "Trash");
        store.storeFlags("alice", "INBOX", List.of(uid), MailboxStore.FlagChange.ADD, Set.of(Flags.DELETED));
        store.expunge("alice", "INBOX", null);
        assertEquals(1, contentRows());
        MessageMeta copy = store.messages("alice", "Trash").getFirst();
        assertEquals(SIMPLE, read(copy, 0));
        store.storeFlags("alice", "Trash", List.of(copy.uid()), MailboxStore.FlagChange.ADD, Set.of(Flags.DELETED));
        store.expunge("alice", "Trash", null);
        assertEquals(0, contentRows());
        assertThrows(IOException.class, () -> store.open(copy, 0), "neither in the database nor in a file");
    }

    @Test
    void aMessageReceivedWhileTheMemoryBoundIsTakenGoesToAFileAndGivesTheBoundBack() throws IOException {
        InlineBodies.Staged held = reopenWithTheMemoryBoundTaken();
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of());
        assertEquals(1, blobFiles());
        ((InlineBodies.InMemory) held).release();
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of());
        assertEquals(1, blobFiles(), "the bound given back: the second one in the database");
        store.setQuota("alice", 1);
        assertThrows(OverQuotaException.class,
                () -> store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of()));
        store.setQuota("alice", 0);
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of());
        assertEquals(1, blobFiles(), "a refused message gave its reservation back");
        assertEquals(3, store.messages("alice", "INBOX").size());
    }

    @Test
    void expungingRemovesTheFileOfAMessageInAFileAndTheContentOfOneInTheDatabase() throws Exception {
        InlineBodies.Staged held = reopenWithTheMemoryBoundTaken();
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE + "in a file"), Set.of(Flags.DELETED));
        ((InlineBodies.InMemory) held).release();
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of(Flags.DELETED));
        assertEquals(1, blobFiles());
        assertEquals(1, contentRows());
        assertEquals(2, store.expunge("alice", "INBOX", null).size());
        assertEquals(0, blobFiles(), "the file of the first message removed");
        assertEquals(0, contentRows(), "the content of the second removed");
    }

    /**
     * Reopens the store with room in memory for one 1 KiB message and takes that room: what is stored next goes to a
     * file until the returned reservation is released.
     */
    private InlineBodies.Staged reopenWithTheMemoryBoundTaken() throws IOException {
        store.close();
        InlineBodies inline = new InlineBodies(1024, 1024);
        store = SqliteMailboxStore.open(directory, Clock.systemUTC(), inline);
        return inline.read(MailboxStoreContract.text("taken"));
    }

    private String read(MessageMeta meta, long offset) throws IOException {
        try (InputStream in = store.open(meta, offset)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private long blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(directory.resolve("blobs"))) {
            return files.filter(f -> f.toString().endsWith(".eml")).count();
        }
    }

    private long contentRows() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("mailboxes.db"));
             Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM blob_contents")) {
            return rs.getLong(1);
        }
    }

    @Test
    void callersShareOneSnapshotThatEachChangeReplacesSharingTheUnchangedMessages() throws IOException {
        for (int i = 0; i < 3; i++) {
            store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of());
        }
        MailboxSnapshot first = store.snapshot("alice", "inbox");
        assertSame(first, store.snapshot("alice", "INBOX"), "a second session gets the same index");
        assertEquals(List.of(1L, 2L, 3L), first.messages().stream().map(MessageMeta::uid).toList());
        assertEquals(4, first.uidNext());

        store.storeFlags("alice", "INBOX", List.of(2L), MailboxStore.FlagChange.ADD, Set.of("\\Deleted"));
        MailboxSnapshot flagged = store.snapshot("alice", "INBOX");
        assertNotSame(first, flagged);
        assertEquals(Set.of(), first.get(2).flags(), "a snapshot never changes");
        assertEquals(Set.of("\\Deleted"), flagged.get(2).flags());
        assertSame(first.get(1), flagged.get(1), "unchanged messages are shared");
        assertEquals(1, store.mailbox("alice", "INBOX").orElseThrow().deleted());

        store.expunge("alice", "INBOX", null);
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of("\\Seen"));
        MailboxSnapshot latest = store.snapshot("alice", "INBOX");
        assertEquals(List.of(1L, 3L, 4L), latest.messages().stream().map(MessageMeta::uid).toList());
        assertEquals(5, latest.uidNext());
        assertEquals(new MailboxInfo("INBOX", latest.uidValidity(), 5, 3, 2, 0, 3L * SIMPLE.length(), true, ""),
                store.mailbox("alice", "INBOX").orElseThrow());
    }

    @Test
    void aSnapshotTellsTheRecentChangesSinceAnOlderOneOnlyWhenItKnowsThemAll() throws IOException {
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of());
        MailboxSnapshot start = store.snapshot("alice", "INBOX");
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of());
        store.storeFlags("alice", "INBOX", List.of(1L), MailboxStore.FlagChange.ADD, Set.of("\\Deleted"));
        store.expunge("alice", "INBOX", null);
        MailboxSnapshot now = store.snapshot("alice", "INBOX");
        assertEquals(List.of(new MailboxChange("alice", "INBOX", MailboxChange.Kind.APPENDED, List.of(2L)),
                new MailboxChange("alice", "INBOX", MailboxChange.Kind.FLAGS, List.of(1L)),
                new MailboxChange("alice", "INBOX", MailboxChange.Kind.EXPUNGED, List.of(1L))), now.since(start));
        assertEquals(List.of(), now.since(now));
        MailboxSnapshot afterFirst = null;
        for (int i = 0; i <= MailboxSnapshot.KEPT_CHANGES; i++) {
            store.storeFlags("alice", "INBOX", List.of(2L), i % 2 == 0 ? MailboxStore.FlagChange.ADD
                    : MailboxStore.FlagChange.REMOVE, Set.of("\\Flagged"));
            afterFirst = i == 0 ? store.snapshot("alice", "INBOX") : afterFirst;
        }
        MailboxSnapshot later = store.snapshot("alice", "INBOX");
        assertEquals(MailboxSnapshot.KEPT_CHANGES, later.since(afterFirst).size());
        assertNull(later.since(now), "more changes than kept: compare the messages instead");
        store.close();
        store = SqliteMailboxStore.open(directory, Clock.systemUTC());
        assertNull(store.snapshot("alice", "INBOX").since(later), "another load, another lineage");
    }

    @Test
    void theSharedSnapshotFollowsCommitsOfAnotherStoreOnTheSameDatabase() throws IOException {
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of());
        MailboxSnapshot before = store.snapshot("alice", "INBOX");
        try (SqliteMailboxStore other = SqliteMailboxStore.open(directory, Clock.systemUTC())) {
            other.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of());
            other.storeFlags("alice", "INBOX", List.of(1L), MailboxStore.FlagChange.ADD, Set.of("\\Flagged"));
        }
        MailboxSnapshot after = store.snapshot("alice", "INBOX");
        assertEquals(1, before.size());
        assertEquals(List.of(1L, 2L), after.messages().stream().map(MessageMeta::uid).toList());
        assertEquals(Set.of("\\Flagged"), after.get(1).flags());
    }

    @Test
    void aRefusedAppendLeavesTheSharedSnapshotAsItWas() throws IOException {
        store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of());
        MailboxSnapshot before = store.snapshot("alice", "INBOX");
        store.setQuota("alice", SIMPLE.length() + 10L);
        assertThrows(OverQuotaException.class,
                () -> store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of()));
        assertSame(before, store.snapshot("alice", "INBOX"));
        assertEquals(1, store.messages("alice", "INBOX").size());
    }

    @Test
    void listenersHearOfCommitsByAnotherProcessOnTheSameDatabase() throws Exception {
        BlockingQueue<MailboxChange> heard = new LinkedBlockingQueue<>();
        store.ensureUser("alice");
        AutoCloseable listening = store.listen("alice", heard::add);
        try {
            long own = store.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of()).uid();
            assertEquals(new MailboxChange("alice", "INBOX", MailboxChange.Kind.APPENDED, List.of(own)),
                    heard.poll(1, TimeUnit.SECONDS));
            assertNull(heard.poll(1500, TimeUnit.MILLISECONDS), "the store's own commit is announced once");
            MailboxSnapshot before = store.snapshot("alice", "INBOX");
            long theirs;
            try (SqliteMailboxStore administrator = SqliteMailboxStore.open(directory, Clock.systemUTC())) {
                theirs = administrator.deliver("alice", "INBOX", MailboxStoreContract.text(SIMPLE), Set.of()).uid();
            }
            MailboxChange change;
            do {
                change = heard.poll(5, TimeUnit.SECONDS);
                assertNotNull(change, "no change announced for INBOX after the other process's commit");
                assertEquals(MailboxChange.Kind.ELSEWHERE, change.kind());
                assertEquals("alice", change.user());
            } while (!change.mailbox().equals("INBOX"));
            assertEquals(own + 1, theirs);
            MailboxSnapshot after = store.snapshot("alice", "INBOX");
            assertNotSame(before, after);
            assertEquals(List.of(own, theirs), after.messages().stream().map(MessageMeta::uid).toList());
        } finally {
            listening.close();
        }
    }
}
