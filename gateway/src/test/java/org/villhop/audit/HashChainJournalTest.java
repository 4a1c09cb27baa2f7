package org.villhop.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashChainJournalTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private final List<String> problems = new ArrayList<>();

    private void writeFive(Path dir) throws Exception {
        for (int i = 0; i < 5; i++) {
            Clock clock = Clock.fixed(T0.plusSeconds(60L * i), ZoneOffset.UTC);
            try (HashChainJournal journal = HashChainJournal.open(dir, clock, problems::add)) {
                journal.record(new AuditEvent(AuditEvent.MESSAGE_ACCEPTED, AuditEvent.SUCCESS, "alice", "192.0.2.1",
                        "q" + i, "alice@hopital.test", List.of("bob" + i + "@cabinet.test"), "line \"" + i + "\""));
            }
        }
    }

    private List<String> lines(Path dir) throws Exception {
        return new ArrayList<>(Files.readAllLines(dir.resolve(HashChainJournal.FILE)));
    }

    private void rewrite(Path dir, List<String> lines) throws Exception {
        Files.write(dir.resolve(HashChainJournal.FILE), lines);
    }

    @Test
    void untouchedJournalVerifiesAcrossReopenings(@TempDir Path dir) throws Exception {
        writeFive(dir);
        VerifyReport report = AuditVerifier.verify(dir);
        assertTrue(report.intact(), report.problem());
        assertEquals(5, report.entries());
        assertTrue(problems.isEmpty());
        AuditEntry first = AuditEntry.parse(lines(dir).get(0));
        assertEquals(T0, first.time());
        assertEquals(List.of("bob0@cabinet.test"), first.event().recipients());
        assertEquals("line \"0\"", first.event().detail());
    }

    @Test
    void concurrentRecordsShareForcesAndKeepTheChainAndHeadIntact(@TempDir Path dir) throws Exception {
        int threads = 8;
        int each = 25;
        long forces;
        try (HashChainJournal journal = HashChainJournal.open(dir, Clock.fixed(T0, ZoneOffset.UTC), problems::add)) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        journal.record(new AuditEvent(AuditEvent.MESSAGE_ACCEPTED, AuditEvent.SUCCESS, "w" + writer,
                                null, "m" + writer + "-" + i, "a@b.test", List.of("c@d.test"), "x"));
                    }
                }));
            }
            for (Thread w : writers) {
                w.join();
            }
            forces = journal.forces();
        }
        assertTrue(forces >= 1 && forces <= threads * each / 2, forces + " forces for " + threads * each + " entries");
        VerifyReport report = AuditVerifier.verify(dir);
        assertTrue(report.intact(), report.problem());
        assertEquals(threads * each, report.entries());
        assertTrue(problems.isEmpty(), problems.toString());
        String head = Files.readString(dir.resolve(HashChainJournal.HEAD));
        assertEquals(threads * each + " " + AuditEntry.parse(lines(dir).getLast()).hash() + "\n", head);
    }

    @Test
    void headRewrittenInPlaceNamesTheLastEntryAfterReopening(@TempDir Path dir) throws Exception {
        writeFive(dir);
        for (int i = 0; i < 7; i++) {
            writeFive(dir);
        }
        String head = Files.readString(dir.resolve(HashChainJournal.HEAD));
        assertEquals("40 " + AuditEntry.parse(lines(dir).getLast()).hash() + "\n", head);
        assertTrue(AuditVerifier.verify(dir).intact());
    }

    @Test
    void editedEntryIsReportedWithItsLine(@TempDir Path dir) throws Exception {
        writeFive(dir);
        List<String> lines = lines(dir);
        lines.set(2, lines.get(2).replace("bob2@cabinet.test", "eve@cabinet.test"));
        rewrite(dir, lines);
        VerifyReport report = AuditVerifier.verify(dir);
        assertFalse(report.intact());
        assertEquals(3, report.line());
        assertEquals("hash does not match the entry's content (entry edited)", report.problem());
    }

    @Test
    void removedOrInsertedEntryIsReportedWithItsLine(@TempDir Path dir) throws Exception {
        writeFive(dir);
        List<String> lines = lines(dir);
        lines.remove(1);
        rewrite(dir, lines);
        VerifyReport removed = AuditVerifier.verify(dir);
        assertEquals(2, removed.line());
        assertTrue(removed.problem().contains("does not chain"), removed.problem());

        lines = lines(dir);
        lines.add(3, lines.get(0));
        rewrite(dir, lines);
        assertEquals(2, AuditVerifier.verify(dir).line());
    }

    @Test
    void entriesRemovedFromTheEndAreDetectedThroughTheHead(@TempDir Path dir) throws Exception {
        writeFive(dir);
        List<String> lines = lines(dir);
        rewrite(dir, lines.subList(0, 3));
        VerifyReport report = AuditVerifier.verify(dir);
        assertFalse(report.intact());
        assertEquals(4, report.line());
        assertTrue(report.problem().contains("head file names entry 5"), report.problem());
    }

    @Test
    void searchFiltersByTimeAddressAndMessageId(@TempDir Path dir) throws Exception {
        writeFive(dir);
        assertEquals(List.of(1L, 2L), seqs(new AuditQuery(T0, T0.plusSeconds(120), null, null), dir));
        assertEquals(List.of(4L), seqs(new AuditQuery(null, null, "BOB3@cabinet.test", null), dir));
        assertEquals(5, seqs(new AuditQuery(null, null, "alice@hopital.test", null), dir).size());
        assertEquals(List.of(5L), seqs(new AuditQuery(null, null, null, "q4"), dir));
    }

    @Test
    void recordingFailureIsReportedAndNeverThrown(@TempDir Path dir) throws Exception {
        HashChainJournal journal = HashChainJournal.open(dir, Clock.systemUTC(), problems::add);
        journal.close();
        journal.record(AuditEvent.login("alice", "192.0.2.1", false, "wrong password"));
        assertEquals(1, journal.failures());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("audit journal: cannot record login event"), problems.get(0));
    }

    @Test
    void aTornLastLineIsReportedAndTheChainContinuesOnANewLine(@TempDir Path dir) throws Exception {
        writeFive(dir);
        Files.writeString(dir.resolve(HashChainJournal.FILE), "{\"seq\":6,\"ti", java.nio.file.StandardOpenOption.APPEND);
        try (HashChainJournal journal = HashChainJournal.open(dir, Clock.systemUTC(), problems::add)) {
            journal.record(AuditEvent.login("alice", "192.0.2.1", true, null));
        }
        assertEquals(1, problems.size());
        assertEquals(7, lines(dir).size());
        assertEquals(6, AuditVerifier.verify(dir).line());
    }

    private static List<Long> seqs(AuditQuery query, Path dir) throws Exception {
        return query.run(dir).stream().map(AuditEntry::seq).toList();
    }
}
