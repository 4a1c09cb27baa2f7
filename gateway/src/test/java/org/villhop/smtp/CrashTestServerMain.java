package org.villhop.smtp;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.villhop.audit.HashChainJournal;
import org.villhop.policy.AcceptancePolicy;
import org.villhop.queue.SqliteMessageQueue;
import org.villhop.users.UserDirectory;

/**
 * A listener in its own JVM for the crash test: clear-text SMTP on a free loopback port, accepting mail for any
 * mailbox of {@code hopital.test} into the SQLite queue under {@code args[0]}. Prints {@code PORT n} once listening,
 * then runs until killed.
 */
public final class CrashTestServerMain {
    private CrashTestServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Clock clock = Clock.systemUTC();
        SqliteMessageQueue queue = SqliteMessageQueue.open(data.resolve("queue"), clock);
        HashChainJournal journal = HashChainJournal.open(data.resolve("audit"), clock, System.err::println);
        UserDirectory users = UserDirectory.of(List.of());
        AcceptancePolicy policy = new AcceptancePolicy(Set.of("hopital.test"), address -> true, users);
        SmtpServer server = new SmtpServer(SmtpServerOptions.builder().name("crash-test").noTls()
                .authEnabled(false).build(), new QueueingHandler(users, policy, queue, journal));
        server.start();
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
