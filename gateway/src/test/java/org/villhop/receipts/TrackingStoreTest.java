package org.villhop.receipts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingStoreTest {
    static final Instant SENT = Instant.parse("2026-11-23T09:00:00Z");
    final Clock clock = Clock.fixed(SENT.plusSeconds(60), ZoneOffset.UTC);

    @TempDir
    Path dir;

    TrackingStore open() {
        return TrackingStore.open(TrackingStore.fileIn(dir), clock);
    }

    static SentMessage compteRendu() {
        return new SentMessage("<orig-1@hopital.mssante.test>", Optional.of("env+42-2026"),
                "secretariat@hopital.mssante.test",
                List.of("dr.martin@ville.mssante.test", "secretariat@cabinet.mssante.test"), SENT);
    }

    @Test
    void dsnIsMatchedByEnvelopeIdAndUpdatesEachRecipient() throws IOException {
        try (TrackingStore store = open()) {
            store.recordSent(compteRendu());
            ReceiptMatch match = store.apply(Fixtures.parse("dsn-delivered.eml"));
            assertEquals(Optional.of("orig-1@hopital.mssante.test"), match.messageId());
            assertEquals(2, match.recorded().size());
            TrackedMessage m = store.find("orig-1@hopital.mssante.test").orElseThrow();
            assertEquals(RecipientStatus.DELIVERED, m.current().get("dr.martin@ville.mssante.test"));
            assertEquals(RecipientStatus.RELAYED, m.current().get("secretariat@cabinet.mssante.test"));
            assertEquals(4, m.history().size());
            assertEquals("DSN dsn-1@mx.ville.mssante.test", m.history().get(2).source());
        }
    }

    @Test
    void dsnWithoutEnvelopeIdIsMatchedByTheReturnedOriginalsMessageId() throws IOException {
        try (TrackingStore store = open()) {
            store.recordSent(new SentMessage("orig-2@hopital.mssante.test", Optional.empty(),
                    "secretariat@hopital.mssante.test", List.of("inconnu@ville.mssante.test"), SENT));
            assertTrue(store.apply(Fixtures.parse("dsn-failed.eml")).matched());
            assertEquals(RecipientStatus.FAILED, store.find("<orig-2@hopital.mssante.test>").orElseThrow().current()
                    .get("inconnu@ville.mssante.test"));
        }
    }

    @Test
    void mdnsMoveARecipientThroughProcessedThenReadAndALateDsnDoesNotMoveItBack() throws IOException {
        try (TrackingStore store = open()) {
            store.recordSent(compteRendu());
            String dr = "Dr.Martin@Ville.mssante.test";
            store.apply(Fixtures.parseText(Fixtures.mdn("m1@x", "orig-1@hopital.mssante.test", dr,
                    Disposition.AUTOMATIC_PROCESSED)).orElseThrow());
            store.apply(Fixtures.parseText(Fixtures.mdn("m2@x", "orig-1@hopital.mssante.test", dr,
                    "manual-action/MDN-sent-manually; displayed")).orElseThrow());
            store.apply(Fixtures.parse("dsn-delivered.eml"));
            TrackedMessage m = store.find("orig-1@hopital.mssante.test").orElseThrow();
            assertEquals(RecipientStatus.DISPLAYED, m.current().get("dr.martin@ville.mssante.test"),
                    "address matched without regard to case");
            assertEquals(List.of(RecipientStatus.SENT, RecipientStatus.PROCESSED, RecipientStatus.DISPLAYED,
                            RecipientStatus.DELIVERED),
                    m.history().stream().filter(e -> e.recipient().equals("dr.martin@ville.mssante.test"))
                            .map(StatusEvent::status).toList());
        }
    }

    @Test
    void integrationErrorMdnRecordsItsCodeAndSurvivesReopening() throws IOException {
        try (TrackingStore store = open()) {
            store.recordSent(new SentMessage("199509192301.23456@cha.mssante.test", Optional.empty(),
                    "serviceX@cha.mssante.test", List.of("serviceY_auto@chb.mssante.test"), SENT));
            store.apply(Fixtures.parse("mdn-error-902.eml"));
        }
        try (TrackingStore store = open()) {
            TrackedMessage m = store.find("199509192301.23456@cha.mssante.test").orElseThrow();
            assertEquals(RecipientStatus.INTEGRATION_ERROR, m.current().get("serviceY_auto@chb.mssante.test"));
            assertTrue(m.history().get(1).detail().contains("902^Identifiant de patient inconnu"));
        }
    }

    @Test
    void sameReceiptAppliedTwiceIsRecordedOnce() throws IOException {
        try (TrackingStore store = open()) {
            store.recordSent(compteRendu());
            assertEquals(2, store.apply(Fixtures.parse("dsn-delivered.eml")).recorded().size());
            ReceiptMatch again = store.apply(Fixtures.parse("dsn-delivered.eml"));
            assertTrue(again.matched());
            assertEquals(0, again.recorded().size());
            assertEquals(4, store.find("orig-1@hopital.mssante.test").orElseThrow().history().size());
        }
    }

    @Test
    void receiptForAMessageNeverSentIsUnmatchedAndRecordsNothing() throws IOException {
        try (TrackingStore store = open()) {
            ReceiptMatch match = store.apply(Fixtures.parse("mdn-error-902.eml"));
            assertFalse(match.matched());
            assertTrue(store.find("199509192301.23456@cha.mssante.test").isEmpty());
        }
    }

    @Test
    void gatewayRecordsRelayedItselfWhenTheNextHopHasNoDsn() {
        try (TrackingStore store = open()) {
            store.recordSent(compteRendu());
            assertTrue(store.recordLocal("orig-1@hopital.mssante.test", "secretariat@cabinet.mssante.test",
                    RecipientStatus.RELAYED, "next hop does not offer DSN"));
            assertFalse(store.recordLocal("unknown@x", "a@x", RecipientStatus.RELAYED, "n/a"));
            assertEquals(RecipientStatus.RELAYED, store.find("orig-1@hopital.mssante.test").orElseThrow().current()
                    .get("secretariat@cabinet.mssante.test"));
        }
    }

    @Test
    void oneAttemptsWholeOutcomeIsRecordedTogether() {
        try (TrackingStore store = open()) {
            store.recordSent(compteRendu(), List.of("dr.martin@ville.mssante.test"), List.of(
                    new TrackingStore.Observation("dr.martin@ville.mssante.test", RecipientStatus.RELAYED,
                            "mx.ville.mssante.test (no DSN there): 250 2.0.0 ok"),
                    new TrackingStore.Observation("secretariat@cabinet.mssante.test", RecipientStatus.DELAYED,
                            "451 4.3.0 try later")));
            TrackedMessage m = store.find("orig-1@hopital.mssante.test").orElseThrow();
            assertEquals(RecipientStatus.RELAYED, m.current().get("dr.martin@ville.mssante.test"));
            assertEquals(RecipientStatus.DELAYED, m.current().get("secretariat@cabinet.mssante.test"));
            assertTrue(m.history().stream().anyMatch(e -> e.detail().equals("451 4.3.0 try later")
                    && e.source().equals("local")), m.history().toString());
        }
    }
}
