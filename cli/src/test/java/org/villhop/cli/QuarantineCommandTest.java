package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.quarantine.QuarantineEntry;
import org.villhop.quarantine.QuarantineStore;

/** {@code villhop quarantine list|show|release|delete} on a data directory holding quarantined messages. */
class QuarantineCommandTest {
    @TempDir
    Path data;

    private QuarantineEntry held(String subject) throws Exception {
        String message = "From: dr.petit@medecins.mssante.test\r\nTo: cardiologie@ch-lens.mssante.test\r\n"
                + "Subject: " + subject + "\r\n\r\nsigned by a revoked key\r\n";
        return new QuarantineStore(QuarantineStore.dirIn(data), Clock.systemUTC()).hold(new ByteArrayInputStream(
                message.getBytes(StandardCharsets.US_ASCII)), "q1-000000000000", "dr.petit@medecins.mssante.test",
                List.of("cardiologie@ch-lens.mssante.test"), "revoked; signed by dr.petit@medecins.mssante.test");
    }

    @Test
    void heldMessagesAreListedShownReleasedIntoTheQueueAndDeletedWithAuditEvents() throws Exception {
        assertEquals("quarantine is empty", VillhopCommandTest.run("quarantine", "list", "--data", data.toString())
                .out().strip());
        QuarantineEntry first = held("premier");
        QuarantineEntry second = held("second");

        VillhopCommandTest.Run list = VillhopCommandTest.run("quarantine", "list", "--json", "--data", data.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("\"id\":\"" + first.id() + "\"") || list.out().contains("\"id\": \""
                + first.id() + "\""), list.out());
        VillhopCommandTest.Run show = VillhopCommandTest.run("quarantine", "show", second.id(), "--data",
                data.toString());
        assertTrue(show.out().contains("verdict:    revoked; signed by dr.petit@medecins.mssante.test"), show.out());
        assertTrue(show.out().contains("Subject: second"), show.out());

        VillhopCommandTest.Run release = VillhopCommandTest.run("quarantine", "release", first.id(), "--data",
                data.toString());
        assertEquals(0, release.code(), release.err());
        assertTrue(release.out().startsWith("released " + first.id() + ": queued again as "), release.out());
        VillhopCommandTest.Run queue = VillhopCommandTest.run("queue", "list", "--data", data.toString());
        assertTrue(queue.out().contains("cardiologie@ch-lens.mssante.test (queued)"), queue.out());

        assertEquals(0, VillhopCommandTest.run("quarantine", "delete", second.id(), "--data", data.toString()).code());
        assertEquals("quarantine is empty", VillhopCommandTest.run("quarantine", "list", "--data", data.toString())
                .out().strip());
        VillhopCommandTest.Run audit = VillhopCommandTest.run("audit", "search", "--data", data.toString());
        assertTrue(audit.out().contains("quarantine.released") && audit.out().contains("quarantine.deleted"),
                audit.out());
    }

    @Test
    void anUnknownIdIsAPreciseError() {
        VillhopCommandTest.Run show = VillhopCommandTest.run("quarantine", "release", "nope-000000000000", "--data",
                data.toString());
        assertEquals(1, show.code());
        assertTrue(show.err().startsWith("villhop: no message nope-000000000000 in the quarantine"), show.err());
    }
}
