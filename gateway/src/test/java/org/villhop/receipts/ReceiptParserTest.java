package org.villhop.receipts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReceiptParserTest {

    @Test
    void dsnGivesEnvelopeIdOriginalMessageIdAndEachRecipientsAction() throws IOException {
        Receipt dsn = Fixtures.parse("dsn-delivered.eml");
        assertEquals(ReceiptKind.DSN, dsn.kind());
        assertEquals(Optional.of("env+42-2026"), dsn.originalEnvelopeId(), "xtext +2B decoded");
        assertEquals(Optional.of("orig-1@hopital.mssante.test"), dsn.originalMessageId());
        assertEquals(Optional.of("dsn-1@mx.ville.mssante.test"), dsn.receiptMessageId());
        assertEquals(Optional.of("mx.ville.mssante.test"), dsn.reporter());
        assertEquals(2, dsn.recipients().size());
        RecipientReport first = dsn.recipients().get(0);
        assertEquals("dr.martin@ville.mssante.test", first.finalRecipient());
        assertEquals(Optional.of("Dr.Martin@ville.mssante.test"), first.originalRecipient());
        assertEquals(RecipientStatus.DELIVERED, first.status());
        assertEquals("2.0.0 250 2.0.0 OK queued as 4F2A", first.detail(), "folded diagnostic unfolded, its type dropped");
        assertEquals(RecipientStatus.RELAYED, dsn.recipients().get(1).status());
    }

    @Test
    void base64ReportPartIsDecodedAndReturnedOriginalGivesItsMessageIdNotItsBody() throws IOException {
        Receipt dsn = Fixtures.parse("dsn-failed.eml");
        assertEquals(Optional.empty(), dsn.originalEnvelopeId());
        assertEquals(Optional.of("orig-2@hopital.mssante.test"), dsn.originalMessageId());
        RecipientReport r = dsn.recipients().get(0);
        assertEquals(RecipientStatus.FAILED, r.status());
        assertTrue(r.detail().startsWith("5.1.1 550 5.1.1 user unknown"), r.detail());
    }

    @Test
    void ansErrorMdnGivesCodeLabelAndOriginalMessageIdEvenWithSloppySpaces() throws IOException {
        Receipt mdn = Fixtures.parse("mdn-error-902.eml");
        assertEquals(ReceiptKind.MDN, mdn.kind());
        assertEquals(Optional.of("199509192301.23456@cha.mssante.test"), mdn.originalMessageId());
        RecipientReport r = mdn.recipients().get(0);
        assertEquals("serviceY_auto@chb.mssante.test", r.finalRecipient());
        assertEquals(RecipientStatus.INTEGRATION_ERROR, r.status());
        assertEquals(Optional.of("902"), r.errorCode());
        Disposition d = Disposition.parse(r.detail(), null);
        assertEquals(Optional.of("Identifiant de patient inconnu"), d.errorLabel());
        assertEquals("automatic-action", d.actionMode());
    }

    @Test
    void everyAnsIntegrationErrorCodeIsRead() {
        for (int code = 900; code <= 906; code++) {
            Disposition d = Disposition.parse(
                    "automatic-action/MDN-sent-automatically; processed/Error: " + code + "^Libellé " + code, null);
            assertEquals(Optional.of(String.valueOf(code)), d.errorCode());
            assertEquals(Optional.of("Libellé " + code), d.errorLabel());
            assertEquals(RecipientStatus.INTEGRATION_ERROR, d.status());
        }
    }

    @Test
    void dispositionTypesMapToProcessedReadDeletedAndOlderErrorFieldIsUsed() {
        Map<String, RecipientStatus> expected = Map.of(
                "automatic-action/MDN-sent-automatically; processed", RecipientStatus.PROCESSED,
                "manual-action/MDN-sent-manually; displayed", RecipientStatus.DISPLAYED,
                "manual-action/MDN-sent-manually;deleted", RecipientStatus.DELETED,
                "automatic-action/MDN-sent-automatically; dispatched", RecipientStatus.DISPATCHED);
        expected.forEach((field, status) -> assertEquals(status, Disposition.parse(field, null).status(), field));
        Disposition old = Disposition.parse("automatic-action/MDN-sent-automatically; processed/error",
                "905^INS incomplet");
        assertEquals(Optional.of("905"), old.errorCode());
        assertEquals(Optional.of("INS incomplet"), old.errorLabel());
    }

    @Test
    void displayedMdnIsARead() throws IOException {
        Receipt mdn = Fixtures.parseText(Fixtures.mdn("r1@x", "orig-9@h", "dr@ville.mssante.test",
                "manual-action/MDN-sent-manually; displayed")).orElseThrow();
        assertEquals(RecipientStatus.DISPLAYED, mdn.recipients().get(0).status());
        assertEquals(Optional.of("orig-9@h"), mdn.originalMessageId());
        assertEquals(Optional.empty(), mdn.recipients().get(0).errorCode());
    }

    @Test
    void ordinaryMessageIsNotAReceiptAndIsAbandonedAfterItsHeader() {
        InputStream header = new ByteArrayInputStream(("From: a@x\r\nMessage-ID: <m@x>\r\n"
                + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream endlessBody = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        Optional<Receipt> result = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> new ReceiptParser().parse(new SequenceInputStream(header, endlessBody)));
        assertFalse(result.isPresent());
    }

    @Test
    void reportOfAnotherTypeIsNotAReceipt() throws IOException {
        String arf = """
                From: a@x
                Content-Type: multipart/report; report-type=feedback-report; boundary=b

                --b
                Content-Type: text/plain

                spam
                --b--
                """;
        assertFalse(Fixtures.parseText(arf).isPresent());
    }

    @Test
    void receiptWithoutItsReportPartOrWithAnUnknownActionIsRefusedPrecisely() {
        String noReport = """
                From: a@x
                Content-Type: multipart/report; report-type=delivery-status; boundary=b

                --b
                Content-Type: text/plain

                lost
                --b--
                """;
        ReceiptException e = assertThrows(ReceiptException.class, () -> Fixtures.parseText(noReport));
        assertEquals("DSN without a message/delivery-status part", e.getMessage());
        String badAction = noReport.replace("lost\n", "lost\n--b\nContent-Type: message/delivery-status\n\n"
                + "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@x\nAction: exploded\nStatus: 5.0.0\n");
        ReceiptException a = assertThrows(ReceiptException.class, () -> Fixtures.parseText(badAction));
        assertTrue(a.getMessage().startsWith("unknown DSN Action 'exploded'"), a.getMessage());
        String noDisposition = Fixtures.mdn("r@x", "o@x", "a@x", "x").replace("Disposition: x\n", "");
        ReceiptException m = assertThrows(ReceiptException.class, () -> Fixtures.parseText(noDisposition));
        assertEquals("MDN without the required disposition field", m.getMessage());
    }

    @Test
    void receiptsAreRecognisedFromTheirHeadersSoThatNoneIsAnswered() {
        assertTrue(ReceiptRule.isReceipt(headers("Content-Type",
                "multipart/report; report-type=\"disposition-notification\"; boundary=x")));
        assertTrue(ReceiptRule.isReceipt(headers("Content-Type", "Multipart/Report; REPORT-TYPE=delivery-status")));
        assertTrue(ReceiptRule.isReceipt(headers("Content-Type", "message/disposition-notification")));
        assertTrue(ReceiptRule.isReceipt(headers("Auto-Submitted", "auto-replied")));
        assertTrue(ReceiptRule.isReceipt(headers("Return-Path", "< >")));
        assertFalse(ReceiptRule.isReceipt(headers("Content-Type", "multipart/mixed; boundary=x")));
        assertFalse(ReceiptRule.isReceipt(headers("Auto-Submitted", "auto-generated")),
                "an automatic system's document may ask for an MDN");
        assertFalse(ReceiptRule.isReceipt(headers("Return-Path", "<secretariat@hopital.mssante.test>")));
    }

    private static java.util.function.Function<String, String> headers(String name, String value) {
        return n -> List.of(name).stream().filter(n::equalsIgnoreCase).findFirst().map(x -> value).orElse(null);
    }
}
