package org.villhop.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DsnComposerTest {
    private static final Instant ARRIVAL = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");
    private static final String CONTENT = "From: sec@villhop.test\r\nTo: dr@hospital.test\r\nSubject: Discharge letter\r\n"
            + "Message-ID: <orig-1@villhop.test>\r\n\r\nBody line one\r\nsecret body text\r\n";

    private final DsnComposer composer = new DsnComposer("gw.villhop.test", Clock.fixed(NOW, ZoneOffset.UTC));

    private static OriginalMessage original(Ret ret, Recipient... recipients) {
        return new OriginalMessage(new Envelope("sec@villhop.test", List.of(recipients), "ENV-42", ret, false),
                ARRIVAL, BodySource.ofBytes(CONTENT.getBytes(StandardCharsets.UTF_8)));
    }

    private static RecipientOutcome failed(Recipient r) {
        return new RecipientOutcome(r, RecipientOutcome.Result.FAILED, "5.1.1", "550 5.1.1 no such user",
                "mx.hospital.test", SmtpReply.of(550, "5.1.1 no such user"), true, NOW.minusSeconds(60));
    }

    private static String write(Dsn dsn) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dsn.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void failureDsnIsAMultipartReportThatJakartaMailParses() throws Exception {
        Recipient r = new Recipient("dr@hospital.test", Set.of(), "rfc822;dr@hospital.test");
        Dsn dsn = composer.compose(DsnKind.FAILURE, original(Ret.FULL, r), List.of(failed(r)), null).orElseThrow();

        assertEquals("", dsn.envelope().mailFrom());
        assertEquals("sec@villhop.test", dsn.envelope().recipients().getFirst().address());
        assertEquals(Set.of(Notify.NEVER), dsn.envelope().recipients().getFirst().notifyOn());

        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(write(dsn).getBytes(StandardCharsets.UTF_8)));
        assertTrue(parsed.isMimeType("multipart/report"));
        assertEquals("delivery-status", new jakarta.mail.internet.ContentType(parsed.getContentType())
                .getParameter("report-type"));
        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertEquals(3, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(parts.getBodyPart(1).isMimeType("message/delivery-status"));
        String status = new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(status.contains("Original-Envelope-Id: ENV-42\r\n"), status);
        assertTrue(status.contains("Original-Recipient: rfc822;dr@hospital.test\r\n"), status);
        assertTrue(status.contains("Final-Recipient: rfc822; dr@hospital.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Remote-MTA: dns; mx.hospital.test\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user\r\n"), status);
        assertTrue(parts.getBodyPart(2).isMimeType("message/rfc822"));
        MimeMessage returned = (MimeMessage) parts.getBodyPart(2).getContent();
        assertEquals("Discharge letter", returned.getSubject());
        assertEquals("auto-replied", parsed.getHeader("Auto-Submitted", null));
    }

    @Test
    void failureDsnParsesWithPythonsEmailPackage(@TempDir Path dir) throws Exception {
        assumeTrue(commandExists("python3"), "python3 is not installed");
        Recipient a = new Recipient("dr@hospital.test", Set.of(), "rfc822;dr@hospital.test");
        Recipient b = Recipient.of("nurse@hospital.test");
        RecipientOutcome expired = new RecipientOutcome(b, RecipientOutcome.Result.DEFERRED, "4.4.1",
                "no connection to mx.hospital.test:25 (required-verified): Connection refused", null, null, false,
                NOW);
        Dsn dsn = composer.compose(DsnKind.FAILURE, original(null, a, b), List.of(failed(a), expired), null)
                .orElseThrow();
        Path file = dir.resolve("dsn.eml");
        Files.writeString(file, write(dsn));
        String script = """
                import email, sys
                from email import policy
                m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
                print(m.get_content_type(), m.get_param('report-type'))
                parts = list(m.iter_parts())
                print(len(parts), parts[1].get_content_type(), parts[2].get_content_type())
                blocks = parts[1].get_payload()
                print(blocks[0]['Reporting-MTA'], '|', blocks[0]['Original-Envelope-Id'])
                for block in blocks[1:]:
                    print(block['Final-Recipient'], '|', block['Action'], '|', block['Status'])
                print('defects', len(m.defects) + sum(len(p.defects) for p in parts))
                """;
        Process python = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true)
                .start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue(), output);
        assertEquals(List.of("multipart/report delivery-status",
                "3 message/delivery-status text/rfc822-headers",
                "dns; gw.villhop.test | ENV-42",
                "rfc822; dr@hospital.test | failed | 5.1.1",
                "rfc822; nurse@hospital.test | failed | 5.4.7",
                "defects 0"), output.lines().toList());
    }

    @Test
    void headersOnlyAreReturnedUnlessRetFullWasAsked() throws Exception {
        Recipient r = Recipient.of("dr@hospital.test");
        String text = write(composer.compose(DsnKind.FAILURE, original(Ret.HDRS, r), List.of(failed(r)), null)
                .orElseThrow());

        assertTrue(text.contains("Content-Type: text/rfc822-headers"));
        assertTrue(text.contains("Subject: Discharge letter\r\n"));
        assertFalse(text.contains("secret body text"));
    }

    @Test
    void noDsnIsEverSentForAMessageWithTheNullSender() {
        Recipient r = Recipient.of("dr@hospital.test");
        OriginalMessage bounce = new OriginalMessage(new Envelope("", List.of(r), null, null, false), ARRIVAL,
                BodySource.ofBytes(CONTENT.getBytes(StandardCharsets.UTF_8)));

        assertEquals(Optional.empty(), composer.compose(DsnKind.FAILURE, bounce, List.of(failed(r)), null));
    }

    @Test
    void notifyNeverSuppressesTheFailureDsn() {
        Recipient r = new Recipient("dr@hospital.test", Set.of(Notify.NEVER), null);
        assertEquals(Optional.empty(), composer.compose(DsnKind.FAILURE, original(null, r), List.of(failed(r)), null));
    }

    @Test
    void delayDsnSaysUntilWhenDeliveryIsRetried() throws Exception {
        Recipient r = Recipient.of("dr@hospital.test");
        RecipientOutcome deferred = new RecipientOutcome(r, RecipientOutcome.Result.DEFERRED, "4.2.1",
                "450 4.2.1 mailbox busy", "mx.hospital.test", SmtpReply.of(450, "4.2.1 mailbox busy"), false, NOW);
        Instant until = ARRIVAL.plusSeconds(2 * 86400);
        String text = write(composer.compose(DsnKind.DELAY, original(null, r), List.of(deferred), until)
                .orElseThrow());

        assertTrue(text.contains("Action: delayed\r\nStatus: 4.2.1\r\n"), text);
        assertTrue(text.contains("Will-Retry-Until: Wed, 25 Nov 2026 10:00:00 GMT\r\n"), text);
    }

    @Test
    void successDsnOnlyWhenAskedAndTheNextHopDidNotTakeTheRequestOver() throws Exception {
        Recipient asked = new Recipient("dr@hospital.test", EnumSet.of(Notify.SUCCESS), null);
        Recipient notAsked = Recipient.of("nurse@hospital.test");
        Recipient passedOn = new Recipient("head@hospital.test", EnumSet.of(Notify.SUCCESS), null);
        SmtpReply ok = SmtpReply.of(250, "2.0.0 queued");
        List<RecipientOutcome> outcomes = List.of(
                RecipientOutcome.fromReply(asked, ok, "mx.hospital.test", false, NOW),
                RecipientOutcome.fromReply(notAsked, ok, "mx.hospital.test", false, NOW),
                RecipientOutcome.fromReply(passedOn, ok, "mx.hospital.test", true, NOW));
        Dsn dsn = composer.compose(DsnKind.SUCCESS, original(null, asked, notAsked, passedOn), outcomes, null)
                .orElseThrow();

        assertEquals(List.of(asked), dsn.reported().stream().map(RecipientOutcome::recipient).toList());
        assertTrue(write(dsn).contains("Action: relayed\r\nStatus: 2.0.0\r\n"));
    }

    @Test
    void longDiagnosticsAreFoldedAtSpaces() {
        String folded = DsnWriter.fold("Diagnostic-Code: smtp; " + "word ".repeat(40).strip());
        assertTrue(folded.lines().allMatch(l -> l.length() <= 80), folded);
        assertEquals("Diagnostic-Code: smtp; " + "word ".repeat(40).strip(), folded.replace("\r\n", ""));
    }

    private static boolean commandExists(String name) {
        try {
            Process p = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                in.readAllBytes();
            }
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
