package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.cli.VillhopCommandTest.Run;
import org.villhop.receipts.ReceiptParser;
import org.villhop.receipts.RecipientStatus;
import org.villhop.receipts.SentMessage;
import org.villhop.receipts.TrackingStore;

class TrackCommandTest {
    @TempDir
    Path dir;

    String data() {
        return dir.resolve("data").toString();
    }

    void sendAndReceiveAnIntegrationError() throws Exception {
        Instant sent = Instant.parse("2026-11-23T09:00:00Z");
        try (TrackingStore store = TrackingStore.open(TrackingStore.fileIn(Path.of(data())),
                Clock.fixed(sent.plusSeconds(30), ZoneOffset.UTC))) {
            store.recordSent(new SentMessage("<cr-1@hopital.mssante.test>", Optional.of("ENV1"),
                    "service.cardio@hopital.mssante.test", List.of("dpi_auto@chb.mssante.test"), sent));
            String mdn = """
                    From: dpi_auto@chb.mssante.test
                    Message-ID: <mdn-1@chb.mssante.test>
                    Content-Type: multipart/report; report-type=disposition-notification; boundary=b

                    --b
                    Content-Type: text/plain

                    Not integrated.
                    --b
                    Content-Type: message/disposition-notification

                    Final-Recipient: rfc822; dpi_auto@chb.mssante.test
                    Original-Message-ID: <cr-1@hopital.mssante.test>
                    Disposition: automatic-action/MDN-sent-automatically; processed/Error: 903^INS non présent
                    --b--
                    """.replace("\n", "\r\n");
            store.apply(new ReceiptParser().parse(new ByteArrayInputStream(mdn.getBytes(StandardCharsets.UTF_8)))
                    .orElseThrow());
        }
    }

    @Test
    void trackShowsEachRecipientsStateAndHistory() throws Exception {
        sendAndReceiveAnIntegrationError();
        Run run = VillhopCommandTest.run("track", "--data", data(), "cr-1@hopital.mssante.test");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("Message-ID <cr-1@hopital.mssante.test>  sent 2026-11-23T09:00:00Z"),
                run.out());
        assertTrue(run.out().contains("dpi_auto@chb.mssante.test  INTEGRATION_ERROR  processed with an error (MDN)"),
                run.out());
        assertTrue(run.out().contains("processed/Error: 903^INS non présent  (MDN mdn-1@chb.mssante.test)"),
                run.out());
    }

    @Test
    void aStateTheGatewayObservedIsNotLabelledAsComingFromADsnAndADsnDiagnosticLosesItsType() throws Exception {
        Instant sent = Instant.parse("2026-11-23T09:00:00Z");
        try (TrackingStore store = TrackingStore.open(TrackingStore.fileIn(Path.of(data())),
                Clock.fixed(sent.plusSeconds(30), ZoneOffset.UTC))) {
            store.recordSent(new SentMessage("<cr-2@hopital.mssante.test>", Optional.empty(),
                    "service.cardio@hopital.mssante.test", List.of("dr.a@ville.mssante.test",
                    "dr.b@ville.mssante.test"), sent));
            store.recordLocal("cr-2@hopital.mssante.test", "dr.a@ville.mssante.test", RecipientStatus.RELAYED,
                    "mx.ville.mssante.test (no DSN there): 2.0.0 250 ok");
            String dsn = """
                    From: postmaster@ville.mssante.test
                    To: service.cardio@hopital.mssante.test
                    Message-ID: <dsn-9@ville.mssante.test>
                    MIME-Version: 1.0
                    Content-Type: multipart/report; report-type=delivery-status; boundary=b

                    --b
                    Content-Type: text/plain

                    Failed.
                    --b
                    Content-Type: message/delivery-status

                    Reporting-MTA: dns; mx.ville.mssante.test

                    Final-Recipient: rfc822; dr.b@ville.mssante.test
                    Action: failed
                    Status: 5.0.0
                    Diagnostic-Code: x-villhop; qa: hop decommissioned
                    --b
                    Content-Type: text/rfc822-headers

                    Message-ID: <cr-2@hopital.mssante.test>
                    --b--
                    """.replace("\n", "\r\n");
            store.apply(new ReceiptParser().parse(new ByteArrayInputStream(dsn.getBytes(StandardCharsets.UTF_8)))
                    .orElseThrow());
        }
        Run run = VillhopCommandTest.run("track", "--data", data(), "cr-2@hopital.mssante.test");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("dr.a@ville.mssante.test  RELAYED  relayed to a server without DSN "
                + "(this gateway)\n"), run.out());
        assertTrue(run.out().contains("dr.b@ville.mssante.test  FAILED  failed (DSN)\n"), run.out());
        assertTrue(run.out().contains("FAILED  5.0.0 qa: hop decommissioned  (DSN dsn-9@ville.mssante.test)"),
                run.out());
    }

    @Test
    void trackJsonIsReadByPython() throws Exception {
        sendAndReceiveAnIntegrationError();
        Run run = VillhopCommandTest.run("track", "--data", data(), "--json", "<cr-1@hopital.mssante.test>");
        assertEquals(0, run.code(), run.err());
        Path json = dir.resolve("track.json");
        Files.writeString(json, run.out());
        Process p = new ProcessBuilder("python3", "-c", "import json,sys; d=json.load(open(sys.argv[1]));"
                + "print(d['envelopeId'], d['recipients'][0]['status'], [e['status'] for e in d['history']])",
                json.toString()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), printed);
        assertEquals("ENV1 INTEGRATION_ERROR ['SENT', 'INTEGRATION_ERROR']", printed);
    }

    @Test
    void unknownMessageAndMissingDatabaseAreClearErrors() throws Exception {
        Run none = VillhopCommandTest.run("track", "--data", data(), "x@y");
        assertEquals(1, none.code());
        assertTrue(none.err().startsWith("villhop: no tracking database in " + data()), none.err());
        sendAndReceiveAnIntegrationError();
        Run unknown = VillhopCommandTest.run("track", "--data", data(), "x@y");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("villhop: message x@y is not tracked in "), unknown.err());
    }
}
