package org.villhop.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.store.MessageMeta;
import org.villhop.store.SqliteMailboxStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SequenceSetTest {

    @TempDir
    Path directory;

    private static List<Long> uids(List<MessageMeta> messages) {
        return messages.stream().map(MessageMeta::uid).toList();
    }

    @Test
    void setsNameMessagesBySequenceNumberOrByUidWithStarAndReversedRanges() throws IOException {
        try (SqliteMailboxStore store = SqliteMailboxStore.open(directory, Clock.systemUTC())) {
            for (int i = 0; i < 6; i++) {
                store.deliver("u", "INBOX", new ByteArrayInputStream(("Subject: " + i + "\r\n\r\nx\r\n").getBytes()),
                        i % 2 == 0 ? Set.of("\\Deleted") : Set.of());
            }
            store.expunge("u", "INBOX", null);
            SelectedMailbox box = new SelectedMailbox(store, "u", false, store.snapshot("u", "INBOX"));
            assertEquals(List.of(2L, 4L, 6L), uids(box.messages()));
            assertEquals(List.of(4L, 6L), uids(MessageCommands.resolve(box, "*:2", false)));
            assertEquals(List.of(2L, 6L), uids(MessageCommands.resolve(box, "3,1,1", false)));
            assertEquals(List.of(4L), uids(MessageCommands.resolve(box, "5:3", true)));
            assertEquals(List.of(6L), uids(MessageCommands.resolve(box, "100:*", true)), "n:* includes the largest");
            assertEquals(List.of(), uids(MessageCommands.resolve(box, "7:9", true)));
            assertThrows(ImapException.class, () -> MessageCommands.resolve(box, "4", false));
            assertThrows(ImapException.class, () -> MessageCommands.resolve(box, "0:1", false));
            assertEquals("1:3,7,9:10", SequenceSet.format(List.of(1L, 2L, 3L, 7L, 9L, 10L)));
        }
    }
}
