package org.villhop.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Group commit over one SQLite connection (auto-commit off, {@code synchronous=FULL}), run by one platform thread
 * that owns the connection. Transactions asked for while a commit is being forced to disk are run together, each
 * inside its own savepoint, then committed with one fsync. Each caller of {@link #run} returns only after the commit
 * containing its work is durable, and sees exactly what it would see alone: its work is atomic (a work that fails is
 * rolled back to its savepoint and its failure is thrown to its caller only), and the works of a group run one after
 * the other in arrival order. Without concurrency this is one transaction per call. While forced groups follow one
 * another closely, the committer waits a moment before running the next one so that more works join it
 * ({@link CommitDelay}).
 *
 * <p>A work run with {@link #runRelaxed} only needs to survive a crash of the process, not a power cut (a lease, a
 * state that is safe to redo): a group made only of such works is committed without forcing the WAL
 * ({@code synchronous=NORMAL}), which saves an fsync per group. The kernel keeps such a commit through {@code kill -9};
 * after a power cut the database comes back at an earlier commit (SQLite's WAL recovery keeps a prefix of the commits),
 * and the next forced commit makes every commit before it durable too.
 *
 * <p>Why a thread of its own: SQLite forces its WAL inside native code, and a virtual thread in native code keeps
 * its carrier; with as many carriers as cores, two commits in flight would stop every other virtual thread (SMTP
 * sessions, deliveries) for the length of an fsync. Callers wait for their group without holding a carrier.
 */
public final class GroupCommit implements AutoCloseable {
    /** One transaction's work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private static final class Pending<T> {
        final Work<T> work;
        final boolean durable;
        final CountDownLatch done = new CountDownLatch(1);
        T result;
        Exception failure;

        Pending(Work<T> work, boolean durable) {
            this.work = work;
            this.durable = durable;
        }
    }

    private final Connection db;
    private final LinkedBlockingQueue<Pending<?>> waiting = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final CommitDelay delay;
    private volatile boolean closed;
    /** Whether the connection is at {@code synchronous=FULL} (owned by the committer thread). */
    private boolean forcing = true;

    /**
     * @param db   a connection in manual-commit mode, used only through this object from now on
     * @param name the committer thread's name (for thread dumps)
     */
    public GroupCommit(Connection db, String name) {
        this(db, name, CommitDelay.standard());
    }

    /** Like {@link #GroupCommit(Connection, String)}, with {@code delay} deciding how long a forced group waits. */
    public GroupCommit(Connection db, String name, CommitDelay delay) {
        this.db = db;
        this.delay = delay;
        this.committer = Thread.ofPlatform().daemon().name(name).start(this::commitLoop);
    }

    /**
     * Runs {@code work} in a transaction and returns once it is committed. Not interruptible: the work may already
     * be committed when an interrupt would arrive (the interrupt status is kept for the caller).
     *
     * @throws SQLException the work's own failure (it was rolled back), or the commit's (nothing of it was kept)
     */
    public <T> T run(Work<T> work) throws SQLException {
        return submit(new Pending<>(work, true));
    }

    /**
     * Like {@link #run}, for a work that needs to survive a crash of the process but not a power cut: it returns once
     * committed, and is on disk at the latest with the next work run by {@link #run}.
     */
    public <T> T runRelaxed(Work<T> work) throws SQLException {
        return submit(new Pending<>(work, false));
    }

    private <T> T submit(Pending<T> mine) throws SQLException {
        if (closed) {
            throw new SQLException("database closed");
        }
        waiting.add(mine);
        if (closed && waiting.remove(mine)) {
            throw new SQLException("database closed");
        }
        awaitUninterruptibly(mine.done);
        if (mine.failure instanceof SQLException e) {
            throw e;
        }
        if (mine.failure instanceof RuntimeException e) {
            throw e;
        }
        return mine.result;
    }

    /** How many works wait for the committer (for tests). */
    int waiting() {
        return waiting.size();
    }

    /** Commits whatever is pending, then closes the connection and stops the committer thread. */
    @Override
    public void close() throws SQLException {
        run(() -> {
            closed = true;
            return null;
        });
        try {
            committer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }

    private void commitLoop() {
        List<Pending<?>> group = new ArrayList<>();
        while (!closed) {
            try {
                group.add(waiting.take());
            } catch (InterruptedException e) {
                continue;
            }
            waiting.drainTo(group);
            boolean durable = group.stream().anyMatch(p -> p.durable);
            if (durable && delay.beforeForce()) {
                waiting.drainTo(group);
            }
            try {
                runGroup(group, durable);
            } finally {
                if (durable) {
                    delay.afterForce(group.size());
                }
                group.forEach(p -> p.done.countDown());
                group.clear();
            }
        }
        List<Pending<?>> late = new ArrayList<>();
        waiting.drainTo(late);
        for (Pending<?> p : late) {
            p.failure = new SQLException("database closed");
            p.done.countDown();
        }
    }

    /** @param durable whether a work of the group needs forcing (the group is then committed forced) */
    private void runGroup(List<Pending<?>> group, boolean durable) {
        try {
            boolean alone = group.size() == 1;
            if (durable != forcing && !synchronous(durable, group)) {
                return;
            }
            for (Pending<?> p : group) {
                runOne(p, alone);
            }
            try {
                db.commit();
            } catch (SQLException e) {
                rollbackQuietly(e);
                for (Pending<?> p : group) {
                    if (p.failure == null) {
                        p.failure = e;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            rollbackQuietly(e);
            for (Pending<?> p : group) {
                p.failure = new SQLException("transaction abandoned: " + e, e);
            }
        }
    }

    private <T> void runOne(Pending<T> p, boolean alone) {
        try {
            if (alone) {
                p.result = p.work.run();
                return;
            }
            execute("SAVEPOINT work");
            try {
                p.result = p.work.run();
                execute("RELEASE work");
            } catch (SQLException | RuntimeException e) {
                execute("ROLLBACK TO work");
                execute("RELEASE work");
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            p.failure = e;
            if (alone) {
                rollbackQuietly(e);
            }
        }
    }

    /**
     * Sets {@code synchronous} for the next commit (SQLite refuses to change it inside a transaction, and the
     * connection in manual-commit mode always has one open, so the empty transaction is ended first); on failure the
     * group fails and nothing of it runs.
     */
    private boolean synchronous(boolean full, List<Pending<?>> group) {
        try {
            db.setAutoCommit(true);
            try {
                execute(full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
                forcing = full;
            } finally {
                db.setAutoCommit(false);
            }
            return true;
        } catch (SQLException e) {
            for (Pending<?> p : group) {
                p.failure = new SQLException("cannot set the commit's durability: " + e.getMessage(), e);
            }
            return false;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly(Throwable cause) {
        try {
            db.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
