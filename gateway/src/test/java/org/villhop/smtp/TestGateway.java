package org.villhop.smtp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.villhop.audit.AuditEntry;
import org.villhop.audit.AuditQuery;
import org.villhop.audit.HashChainJournal;
import org.villhop.policy.AcceptancePolicy;
import org.villhop.queue.SqliteMessageQueue;
import org.villhop.users.PasswordHasher;
import org.villhop.users.UserAccount;
import org.villhop.users.UserDirectory;

/**
 * A listener wired as the gateway wires it (users, policy, SQLite queue, audit journal) in a temporary directory.
 * Local domain {@code hopital.test} with mailboxes alice and bob; user {@code alice} (password {@code wonderland})
 * may send as alice@hopital.test.
 */
final class TestGateway implements AutoCloseable {
    static final String PASSWORD = "wonderland";
    final Path dir;
    final SqliteMessageQueue queue;
    final HashChainJournal journal;
    final List<String> auditProblems = new ArrayList<>();
    final SmtpServer server;

    TestGateway(Path dir, UnaryOperator<SmtpServerOptions.Builder> options) throws IOException {
        this.dir = dir;
        Clock clock = Clock.systemUTC();
        queue = SqliteMessageQueue.open(dir.resolve("queue"), clock);
        journal = HashChainJournal.open(dir.resolve("audit"), clock, auditProblems::add);
        UserDirectory users = UserDirectory.of(List.of(new UserAccount("alice",
                new PasswordHasher(10_000).hash(PASSWORD.toCharArray()), Set.of("alice@hopital.test"))));
        AcceptancePolicy policy = new AcceptancePolicy(Set.of("hopital.test"),
                a -> a.equals("alice@hopital.test") || a.equals("bob@hopital.test"), users);
        server = new SmtpServer(options.apply(SmtpServerOptions.builder().name("test").hostname("mx.hopital.test")
                .clock(clock)).build(), new QueueingHandler(users, policy, queue, journal));
        server.start();
    }

    int port() {
        return server.port();
    }

    List<AuditEntry> audit() throws IOException {
        return new AuditQuery(null, null, null, null).run(dir.resolve("audit"));
    }

    @Override
    public void close() throws IOException {
        server.close();
        queue.close();
        journal.close();
    }
}
