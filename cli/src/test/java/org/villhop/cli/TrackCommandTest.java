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
