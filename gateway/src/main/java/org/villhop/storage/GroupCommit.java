package org.villhop.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit over one SQLite connection (auto-commit off, {@code synchronous=FULL}): transactions asked for by
 * concurrent threads while another commit is being forced to disk are run together, each inside its own savepoint,
 * then committed with one fsync. Each caller returns only after the commit that contains its work is durable, and
 * sees exactly what it would see alone: its work is atomic (a work that fails is rolled back to its savepoint and its
 * failure is thrown to its caller only), and the works of a group run one after the other in arrival order. Without
 * concurrency this is one transaction per call, as before.
 */
public final class GroupCommit {
    /** One transaction's work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private static final class Pending<T> {
        final Work<T> work;
        T result;
        Exception failure;
        boolean done;

        Pending(Work<T> work) {
            this.work = work;
        }
    }

    private final Connection db;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<?>> waiting = new ConcurrentLinkedQueue<>();

    /** @param db a connection in manual-commit mode, used only through this object */
    public GroupCommit(Connection db) {
        this.db = db;
    }

    /**
     * Runs {@code work} in a transaction and returns once it is committed.
     *
     * @throws SQLException the work's own failure (it was rolled back), or the commit's (nothing of it was kept)
     */
    public <T> T run(Work<T> work) throws SQLException {
        Pending<T> mine = new Pending<>(work);
        waiting.add(mine);
        lock.lock();
        try {
            if (!mine.done) {
                runGroup();
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure instanceof SQLException e) {
            throw e;
        }
        if (mine.failure instanceof RuntimeException e) {
            throw e;
        }
        return mine.result;
    }

    /** Runs something on the connection outside any group (closing it, for example), after every pending commit. */
    public void exclusive(Work<Void> work) throws SQLException {
        lock.lock();
        try {
            runGroup();
            work.run();
        } finally {
            lock.unlock();
        }
    }

    private void runGroup() {
        List<Pending<?>> group = new ArrayList<>();
        for (Pending<?> p = waiting.poll(); p != null; p = waiting.poll()) {
            group.add(p);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            boolean alone = group.size() == 1;
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
        } catch (Error e) {
            rollbackQuietly(e);
            for (Pending<?> p : group) {
                p.failure = new SQLException("transaction abandoned: " + e, e);
            }
            throw e;
        } finally {
            for (Pending<?> p : group) {
                p.done = true;
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
}
