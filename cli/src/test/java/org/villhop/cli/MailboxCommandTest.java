package org.villhop.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.store.SqliteMailboxStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailboxCommandTest {

    @TempDir
    Path data;

    @Test
    void aDeliveredMessageShowsInTheFolderListing() throws Exception {
        Path message = Files.writeString(data.resolve("m.eml"), "Subject: test\r\n\r\nbody\r\n");
        VillhopCommandTest.Run deliver = VillhopCommandTest.run("mailbox", "deliver", "--data", data.toString(),
                "--user", "secretariat", "--flag", "\\Flagged", message.toString());
        assertEquals(0, deliver.code(), deliver.err());
        assertTrue(deliver.out().contains("as UID 1"), deliver.out());
        VillhopCommandTest.Run list = VillhopCommandTest.run("mailbox", "list", "--data", data.toString(), "--user",
                "secretariat", "--json");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("{\"name\":\"INBOX\",\"specialUse\":\"\",\"messages\":1,\"unseen\":1"),
                list.out());
        assertTrue(list.out().contains("\"specialUse\":\"\\\\Sent\""), list.out());
    }

    @Test
    void aFolderNameAsTypedIsStoredInImapsModifiedUtf7() throws Exception {
        Path message = Files.writeString(data.resolve("m.eml"), "Subject: test\r\n\r\nbody\r\n");
        try (SqliteMailboxStore store = MailboxCommand.open(data)) { // as a client's CREATE makes them
            store.createMailbox("secretariat", "Dossiers/M&AOk-decins");
            store.createMailbox("secretariat", "R&-D");
        }
        for (String folder : new String[] {"Dossiers/Médecins", "Dossiers/M&AOk-decins", "R&D"}) {
            VillhopCommandTest.Run run = VillhopCommandTest.run("mailbox", "deliver", "--data", data.toString(),
                    "--user", "secretariat", "--folder", folder, message.toString());
            assertEquals(0, run.code(), run.err());
        }
        VillhopCommandTest.Run list = VillhopCommandTest.run("mailbox", "list", "--data", data.toString(), "--user",
                "secretariat", "--json");
        assertTrue(list.out().contains("{\"name\":\"Dossiers/M&AOk-decins\",\"specialUse\":\"\",\"messages\":2"),
                list.out());
        assertTrue(list.out().contains("{\"name\":\"R&-D\""), list.out());
    }

    @Test
    void deliveryOverQuotaFailsWithAPreciseMessage() throws Exception {
        Path message = Files.writeString(data.resolve("m.eml"), "Subject: test\r\n\r\nbody\r\n");
        assertEquals(0, VillhopCommandTest.run("mailbox", "quota", "--data", data.toString(), "--user", "u", "10")
                .code());
        VillhopCommandTest.Run run = VillhopCommandTest.run("mailbox", "deliver", "--data", data.toString(),
                "--user", "u", message.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("villhop: quota exceeded for u"), run.err());
    }

    @Test
    void listingAUserWithoutMailboxSaysSoAndCreatesNone() throws Exception {
        Path message = Files.writeString(data.resolve("m.eml"), "Subject: test\r\n\r\nbody\r\n");
        assertEquals(0, VillhopCommandTest.run("mailbox", "deliver", "--data", data.toString(), "--user", "cardiologie",
                message.toString()).code());
        VillhopCommandTest.Run byAddress = VillhopCommandTest.run("mailbox", "list", "--data", data.toString(),
                "--user", "cardiologie@ch-lens.mssante.test");
        assertEquals(1, byAddress.code());
        assertEquals("villhop: no mailbox for user 'cardiologie@ch-lens.mssante.test' in the data directory (a mailbox "
                + "is named by its user's login, users[].name, not by an address, and made at the user's first "
                + "delivery or login); mailboxes: cardiologie" + System.lineSeparator(), byAddress.err());
        VillhopCommandTest.Run again = VillhopCommandTest.run("mailbox", "list", "--data", data.toString(),
                "--user", "cardiologie@ch-lens.mssante.test");
        assertTrue(again.err().endsWith("mailboxes: cardiologie" + System.lineSeparator()), again.err());
    }

    @Test
    void deliveringToAMissingFolderOrFileSaysSo() {
        VillhopCommandTest.Run run = VillhopCommandTest.run("mailbox", "deliver", "--data", data.toString(),
                "--user", "u", data.resolve("none.eml").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("no such message file"), run.err());
    }
}
