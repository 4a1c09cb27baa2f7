package org.villhop.store;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.storage.InlineBodies;

/** The mailbox store contract again with every message in a file of its own (none kept in the database). */
class SqliteFileBlobsMailboxStoreTest implements MailboxStoreContract {

    @TempDir
    Path directory;
    private SqliteMailboxStore store;

    @BeforeEach
    void open() {
        store = SqliteMailboxStore.open(directory, Clock.systemUTC(), InlineBodies.NONE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public MailboxStore store() {
        return store;
    }
}
