package org.villhop.imap;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.villhop.store.SqliteMailboxStore;

/** A mailbox store and both IMAP listeners (STARTTLS and implicit TLS) on free loopback ports, for one test class. */
final class ImapFixture implements AutoCloseable {

    static final String USER = "secretariat@hopital.example";
    static final String PASSWORD = "correct horse battery staple";
    static final String OTHER = "dr.martin@hopital.example";

    final TestTls tls;
    final SqliteMailboxStore store;
    final ImapServer startTls;
    final ImapServer implicitTls;
    final List<ImapAuditEvent> audit = new CopyOnWriteArrayList<>();

    ImapFixture(Path directory) throws Exception {
        tls = new TestTls();
        store = SqliteMailboxStore.open(directory.resolve("mail"), Clock.systemUTC());
        TestAccounts accounts = new TestAccounts().add(USER, PASSWORD).add(OTHER, PASSWORD);
        startTls = server(accounts, ImapServer.TlsMode.STARTTLS, directory).start();
        implicitTls = server(accounts, ImapServer.TlsMode.IMPLICIT, directory).start();
    }

    private ImapServer server(TestAccounts accounts, ImapServer.TlsMode mode, Path directory) {
        return ImapServer.builder(store, accounts, tls.server).mode(mode).audit(audit::add)
                .loginFailureDelay(Duration.ofMillis(50), Duration.ofMillis(400)).spool(directory)
                .maxMessageSize(80L * 1024 * 1024).build();
    }

    @Override
    public void close() throws IOException {
        startTls.close();
        implicitTls.close();
        store.close();
    }
}
