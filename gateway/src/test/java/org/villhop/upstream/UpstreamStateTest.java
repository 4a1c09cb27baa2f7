package org.villhop.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamStateTest {
    @TempDir
    Path dir;

    static FetchedMessage message(long uidValidity, long uid, String messageId) {
        return new FetchedMessage("operator", "INBOX", uidValidity, uid, Optional.ofNullable(messageId), 100);
    }

    @Test
    void progressSurvivesReopeningAndANewUidValidityStartsTheFolderAgain() {
        Path file = UpstreamState.fileIn(dir);
        try (UpstreamState state = UpstreamState.open(file, Clock.systemUTC())) {
            assertEquals(0, state.lastUid("operator", "INBOX", 7));
            state.record(message(7, 1, "a@x"), UpstreamState.Step.SETTLED);
            state.advance("operator", "INBOX", 7, 1);
            state.record(message(7, 2, "b@x"), UpstreamState.Step.HANDING);
        }
        try (UpstreamState state = UpstreamState.open(file, Clock.systemUTC())) {
            assertEquals(1, state.lastUid("operator", "INBOX", 7));
            assertEquals(Optional.of(UpstreamState.Step.HANDING), state.step(message(7, 2, "b@x")));
            assertTrue(state.acceptedMessageId("operator", "a@x"));
            assertFalse(state.acceptedMessageId("operator", "b@x"), "a hand-over not known to have finished");
            assertFalse(state.acceptedMessageId("other-account", "a@x"));
            assertEquals(0, state.lastUid("operator", "INBOX", 8), "UIDVALIDITY changed: every UID is new");
            assertTrue(state.acceptedMessageId("operator", "a@x"), "the Message-ID guard outlives the UIDVALIDITY");
            assertEquals(Optional.empty(), state.step(message(8, 1, "a@x")));
        }
    }
}
