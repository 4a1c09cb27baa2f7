package org.villhop.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

    private static Connection open(Path file) throws Exception {
        Connection db = DurableSqlite.open(file,
                List.of("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v INTEGER)"));
        db.setAutoCommit(false);
        return db;
    }

    private static int count(Path file) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            return rs.getInt(1);
        }
    }

    private static void insert(Connection db, String key) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("INSERT INTO t(k, v) VALUES(?, 1)")) {
            st.setString(1, key);
            st.executeUpdate();
        }
    }

    @Test
    void everyConcurrentTransactionIsCommittedWhenItsCallerReturns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("g.db");
        Connection db = open(file);
        GroupCommit group = new GroupCommit(db, "test-commit");
        Set<String> returned = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 20; i++) {
                    String key = thread + "-" + i;
                    try {
                        group.run(() -> {
                            insert(db, key);
                            return null;
                        });
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    returned.add(key);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(320, returned.size());
        assertEquals(320, count(file), "seen by another connection: committed");
        group.close();
    }

    @Test
    void aFailingWorkIsRolledBackAloneAndItsCallerGetsItsFailure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("g.db");
        Connection db = open(file);
        GroupCommit group = new GroupCommit(db, "test-commit");
        group.run(() -> {
            insert(db, "taken");
            return null;
        });
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch committerHeld = new java.util.concurrent.CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> {
            try {
                group.run(() -> {
                    committerHeld.countDown();
                    try {
                        hold.await();
                    } catch (InterruptedException e) {
                        throw new SQLException(e);
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(committerHeld.await(10, java.util.concurrent.TimeUnit.SECONDS));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    group.run(() -> {
                        insert(db, "ok-" + thread);
                        if (thread % 2 == 0) {
                            insert(db, "taken");
                        }
                        return null;
                    });
                } catch (SQLException e) {
                    failures.add(e);
                }
            }));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (group.waiting() < 8 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(8, group.waiting(), "the eight works wait behind the held one: they form one group");
        hold.countDown();
        holder.join();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4, failures.size());
        assertEquals(1 + 4, count(file), "the failed works left nothing, the others are all there");
        int odd = group.run(() -> {
            try (ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM t WHERE k LIKE 'ok-%'")) {
                return rs.getInt(1);
            }
        });
        assertEquals(4, odd);
        group.close();
    }

    @Test
    void aRuntimeFailureReachesItsCallerAndNothingOfItIsKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("g.db");
        Connection db = open(file);
        GroupCommit group = new GroupCommit(db, "test-commit");
        assertThrows(IllegalArgumentException.class, () -> group.run(() -> {
            insert(db, "half");
            throw new IllegalArgumentException("no");
        }));
        group.run(() -> {
            insert(db, "whole");
            return null;
        });
        assertEquals(1, count(file));
        group.close();
    }

    @Test
    void nothingRunsAfterClose(@TempDir Path dir) throws Exception {
        Connection db = open(dir.resolve("g.db"));
        GroupCommit group = new GroupCommit(db, "test-commit");
        group.close();
        SQLException e = assertThrows(SQLException.class, () -> group.run(() -> null));
        assertTrue(e.getMessage().contains("closed"));
        assertTrue(db.isClosed());
    }

    private static int synchronous(Connection db) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery("PRAGMA synchronous")) {
            return rs.getInt(1);
        }
    }

    @Test
    void relaxedWorksCommitWithoutForcingTheWalAndDurableOnesForceItAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("g.db");
        Connection db = open(file);
        try (GroupCommit group = new GroupCommit(db, "test-commit")) {
            int relaxed = group.runRelaxed(() -> {
                insert(db, "lease");
                return synchronous(db);
            });
            assertEquals(1, relaxed, "a relaxed work runs at synchronous=NORMAL");
            assertEquals(1, count(file), "a relaxed work is committed when its caller returns");
            int durable = group.run(() -> {
                insert(db, "accepted");
                return synchronous(db);
            });
            assertEquals(2, durable, "a durable work runs at synchronous=FULL again");
            assertEquals(2, count(file));
        }
    }
}
