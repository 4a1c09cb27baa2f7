package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
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

    @Test
    void attemptsFinishingTogetherAreAllRecordedAndNoneAfterClose() throws Exception {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        try (TrackingStore store = TrackingStore.open(TrackingStore.fileIn(dir), Clock.fixed(AT, ZoneOffset.UTC))) {
            SentTracking tracking = new SentTracking(store, problems::add);
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                senders.add(Thread.ofVirtual().start(() -> tracking.record(message("q" + n),
                        Optional.of("<m" + n + "@hopital.mssante.test>"), List.of(accepted()), List.of(), List.of())));
            }
            for (Thread t : senders) {
                t.join();
            }
            for (int i = 0; i < 40; i++) {
                assertEquals(List.of(ACCEPTED + " SENT"), store.find("m" + i + "@hopital.mssante.test").orElseThrow()
                        .history().stream().map(e -> e.recipient() + " " + e.status()).toList(), "m" + i);
            }
            assertEquals(List.of(), problems);

            tracking.close();
            tracking.record(message("late"), Optional.of("<late@hopital.mssante.test>"), List.of(accepted()),
                    List.of(), List.of());
            assertEquals(Optional.empty(), store.find("late@hopital.mssante.test"));
            assertEquals(List.of("tracking of <late@hopital.mssante.test>: the gateway is stopping"), problems);
        }
    }

    @Test
    void anUntrackableMessageIdIsLoggedAndDeliveryGoesOn() {
        List<String> problems = new ArrayList<>();
        try (TrackingStore store = TrackingStore.open(TrackingStore.fileIn(dir), Clock.fixed(AT, ZoneOffset.UTC));
             SentTracking tracking = new SentTracking(store, problems::add)) {
            tracking.record(message("q1"), Optional.of("<>"), List.of(accepted()), List.of(), List.of());
        }
        assertEquals(List.of("tracking of <>: a sent message needs a Message-ID to be tracked"), problems);
    }

    @Test
    void aFailingStoreIsReportedForEachRecordAndTheWriterGoesOn() {
        List<String> problems = new ArrayList<>();
        TrackingStore store = TrackingStore.open(TrackingStore.fileIn(dir), Clock.fixed(AT, ZoneOffset.UTC));
        store.close();
        try (SentTracking tracking = new SentTracking(store, problems::add)) {
            tracking.record(message("q1"), Optional.of("<m1@hopital.mssante.test>"), List.of(accepted()), List.of(),
                    List.of());
            tracking.record(message("q2"), Optional.of("<m2@hopital.mssante.test>"), List.of(accepted()), List.of(),
                    List.of());
        }
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(1).startsWith("tracking of <m2@hopital.mssante.test>: tracking database error"),
                problems.get(1));
    }

    private static QueuedMessage message(String id) {
        Envelope envelope = new Envelope("alice@hopital.mssante.test", List.of(EnvelopeRecipient.of(ACCEPTED)), null,
                null, BodyType.SEVEN_BIT, false, "alice", "127.0.0.1", "client");
        return new QueuedMessage(id, AT, envelope, 100, List.of());
    }

    private static RecipientOutcome accepted() {
        return new RecipientOutcome(Recipient.of(ACCEPTED), RecipientOutcome.Result.DELIVERED, "2.0.0", "250 ok",
                "mx.cabinet.mssante.test", null, true, AT);
    }
}
