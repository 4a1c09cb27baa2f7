package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.delivery.Recipient;
import org.villhop.delivery.RecipientOutcome;
import org.villhop.queue.BodyType;
import org.villhop.queue.Envelope;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.queue.QueuedMessage;
import org.villhop.receipts.RecipientStatus;
import org.villhop.receipts.StatusEvent;
import org.villhop.receipts.TrackingStore;

class SentTrackingTest {
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");
    private static final String REFUSED = "dr.refused@ville.mssante.test";
    private static final String UNREACHED = "dr.far@loin.mssante.test";
    private static final String ACCEPTED = "dr.ok@cabinet.mssante.test";
    @TempDir
    Path dir;

    @Test
    void onlyRecipientsANextHopAcceptedAreRecordedAsSent() {
        List<String> problems = new ArrayList<>();
        Envelope envelope = new Envelope("alice@hopital.mssante.test", List.of(EnvelopeRecipient.of(REFUSED),
                EnvelopeRecipient.of(UNREACHED), EnvelopeRecipient.of(ACCEPTED)), null, null, BodyType.SEVEN_BIT,
                false, "alice", "127.0.0.1", "client");
        QueuedMessage message = new QueuedMessage("q1", AT, envelope, 100, List.of());
        try (TrackingStore store = TrackingStore.open(TrackingStore.fileIn(dir), Clock.fixed(AT, ZoneOffset.UTC))) {
            new SentTracking(store, problems::add).record(message, Optional.of("<m1@hopital.mssante.test>"),
                    List.of(new RecipientOutcome(Recipient.of(ACCEPTED), RecipientOutcome.Result.DELIVERED, "2.0.0",
                            "250 ok", "mx.cabinet.mssante.test", null, true, AT)),
                    List.of(new RecipientOutcome(Recipient.of(REFUSED), RecipientOutcome.Result.FAILED, "5.7.1",
                            "encryption required and no certificate", null, null, false, AT)),
                    List.of(new RecipientOutcome(Recipient.of(UNREACHED), RecipientOutcome.Result.DEFERRED, "4.4.1",
                            "connection refused", null, null, false, AT)));
            List<StatusEvent> history = store.find("m1@hopital.mssante.test").orElseThrow().history();
            assertEquals(List.of(ACCEPTED), history.stream().filter(e -> e.status() == RecipientStatus.SENT)
                    .map(StatusEvent::recipient).toList());
            assertEquals(List.of(UNREACHED + " DELAYED", REFUSED + " FAILED"), history.stream()
                    .filter(e -> e.status() != RecipientStatus.SENT).map(e -> e.recipient() + " " + e.status())
                    .sorted().toList());
        }
        assertEquals(List.of(), problems);
    }
}
