package org.villhop.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
