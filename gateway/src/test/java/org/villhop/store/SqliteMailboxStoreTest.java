package org.villhop.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
