package org.villhop.receipts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.activation.DataHandler;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

class MdnComposerTest {
    static final String SENDER = "service.cardio@hopital.mssante.test";
    static final String SERVICE = "dpi_auto@chb.mssante.test";
    static final String SUBJECT = "XDM/1.0/DDM+ECHOGRAPHIE ABDOMINOPELVIENNE CORSE FIGATELLIX 12/10/1988";

    @TempDir
    Path dir;
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    byte[] zip;
    byte[] pdf;

    /** A received CDA message: text, IHE_XDM.zip and a PDF, asking for an MDN. */
    Path original(String dispositionNotificationTo, String returnPath) throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(z)) {
            out.putNextEntry(new ZipEntry("IHE_XDM/SUBSET01/DOC0001.XML"));
            out.write("<ClinicalDocument/>".getBytes(StandardCharsets.UTF_8));
        }
        zip = z.toByteArray();
        pdf = new byte[50_000];
        new Random(5).nextBytes(pdf);
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(SENDER));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, SERVICE);
        m.setSubject(SUBJECT, "UTF-8");
        if (returnPath != null) {
            m.setHeader("Return-Path", "<" + returnPath + ">");
        }
        if (dispositionNotificationTo != null) {
            m.setHeader("Disposition-Notification-To", dispositionNotificationTo);
        }
        m.setHeader("Original-Recipient", "rfc822;" + SERVICE);
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Compte rendu d'échographie.", "UTF-8");
        mixed.addBodyPart(text);
        mixed.addBodyPart(attachment(zip, "application/zip", "IHE_XDM.zip"));
        mixed.addBodyPart(attachment(pdf, "application/pdf", "20261123_CR_echographie_CORSE_FIGATELLIX.pdf"));
        m.setContent(mixed);
        m.saveChanges();
        m.setHeader("Message-ID", "<cr-echo-1@hopital.mssante.test>");
        Path file = dir.resolve("original.eml");
        try (OutputStream out = Files.newOutputStream(file)) {
            m.writeTo(out);
        }
        return file;
    }

    static MimeBodyPart attachment(byte[] content, String type, String name) throws Exception {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        p.setFileName(name);
        p.setDisposition(Part.ATTACHMENT);
        return p;
    }

    MdnDecision compose(Path original, MdnOutcome outcome) throws IOException {
        return new MdnComposer(clock, dir.resolve("spool")).compose(new MdnRequest(original, SERVICE,
                "gw.chb.mssante.test; villhop", Optional.empty(), outcome));
    }

    Path write(ComposedReply mdn) throws IOException {
        Path file = dir.resolve("mdn.eml");
        try (OutputStream out = Files.newOutputStream(file)) {
            mdn.writeTo(out);
        }
        return file;
    }

    @Test
    void errorMdnHasTheAnsStructureAndCarriesTheDocumentsBack() throws Exception {
        MdnDecision decision = compose(original(SENDER, SENDER), MdnOutcome.error("902", "Identifiant patient inconnu"));
        ComposedReply mdn = assertInstanceOf(MdnDecision.Send.class, decision).mdn();
        assertEquals(SENDER, mdn.recipient());
        assertEquals("", mdn.envelopeSender());
        Path file = write(mdn);

        MimeMessage parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertEquals("[KO Intégration système !][902] " + SUBJECT, parsed.getSubject());
        assertTrue(parsed.getContentType().startsWith("multipart/report"), parsed.getContentType());
        assertEquals("disposition-notification",
                new jakarta.mail.internet.ContentType(parsed.getContentType()).getParameter("report-type"));
        assertEquals("auto-replied", parsed.getHeader("Auto-Submitted")[0]);
        MimeMultipart report = (MimeMultipart) parsed.getContent();
        assertEquals(5, report.getCount());
        assertTrue(report.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(((String) report.getBodyPart(0).getContent()).contains("Identifiant patient inconnu"));
        assertTrue(report.getBodyPart(1).isMimeType("message/disposition-notification"));
        assertTrue(report.getBodyPart(2).isMimeType("message/rfc822"));
        assertEquals("IHE_XDM.zip", report.getBodyPart(3).getFileName());
        assertEquals(HexFormat.of().formatHex(sha256(zip)), sha256Of(report.getBodyPart(3)));
        assertEquals(HexFormat.of().formatHex(sha256(pdf)), sha256Of(report.getBodyPart(4)));

        String python = """
                import email, email.policy, hashlib, sys
                m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
                print(m.get_content_type(), m.get_param('report-type'))
                print(m['Subject'])
                parts = list(m.iter_parts())
                print([p.get_content_type() for p in parts])
                fields = parts[1].get_payload()[0]
                for name in ('Reporting-UA', 'Original-Recipient', 'Final-Recipient', 'Original-Message-ID', 'Disposition'):
                    print(name + ': ' + str(fields[name]))
                print(parts[2].get_payload()[0]['Message-ID'])
                for p in parts[3:]:
                    print(p.get_filename(), hashlib.sha256(p.get_content()).hexdigest())
                """;
        String expected = String.join("\n",
                "multipart/report disposition-notification",
                "[KO Intégration système !][902] " + SUBJECT,
                "['text/plain', 'message/disposition-notification', 'message/rfc822', 'application/zip', "
                        + "'application/pdf']",
                "Reporting-UA: gw.chb.mssante.test; villhop",
                "Original-Recipient: rfc822;" + SERVICE,
                "Final-Recipient: rfc822;" + SERVICE,
                "Original-Message-ID: <cr-echo-1@hopital.mssante.test>",
                "Disposition: automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant patient inconnu",
                "<cr-echo-1@hopital.mssante.test>",
                "IHE_XDM.zip " + HexFormat.of().formatHex(sha256(zip)),
                "20261123_CR_echographie_CORSE_FIGATELLIX.pdf " + HexFormat.of().formatHex(sha256(pdf)));
        assertEquals(expected, python(python, file));

        Receipt back;
        try (InputStream in = Files.newInputStream(file)) {
            back = new ReceiptParser().parse(in).orElseThrow();
        }
        assertEquals(Optional.of("cr-echo-1@hopital.mssante.test"), back.originalMessageId());
        assertEquals(Optional.of("902"), back.recipients().get(0).errorCode());
        assertTrue(ReceiptRule.isReceipt(parsed), "an MDN villhop sends is itself never answered");
        mdn.close();
        try (var spool = Files.list(dir.resolve("spool"))) {
            assertEquals(0, spool.count(), "spooled attachments deleted on close");
        }
    }

    @Test
    void processedMdnKeepsTheSubjectAndCarriesNoAttachments() throws Exception {
        ComposedReply mdn = assertInstanceOf(MdnDecision.Send.class,
                compose(original(SENDER, SENDER), MdnOutcome.processed())).mdn();
        Path file = write(mdn);
        String printed = python("""
                import email, email.policy, sys
                m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
                parts = list(m.iter_parts())
                print(m['Subject'])
                print(len(parts), parts[1].get_payload()[0]['Disposition'])
                """, file);
        assertEquals(SUBJECT + "\n3 automatic-action/MDN-sent-automatically; processed", printed);
        mdn.close();
    }

    @Test
    void errorLabelWithAccentsIsCarriedIn8bitUtf8() throws Exception {
        ComposedReply mdn = assertInstanceOf(MdnDecision.Send.class, compose(original(SENDER, SENDER),
                MdnOutcome.error("903", "INS non présent dans le document"))).mdn();
        Path file = write(mdn);
        String printed = python("""
                import email, email.policy, sys
                m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
                part = list(m.iter_parts())[1]
                print(part['Content-Transfer-Encoding'], part.get_payload()[0]['Disposition'])
                """, file);
        assertEquals("8bit automatic-action/MDN-sent-automatically; processed/Error: 903^INS non présent dans le "
                + "document", printed);
        Receipt back;
        try (InputStream in = Files.newInputStream(file)) {
            back = new ReceiptParser().parse(in).orElseThrow();
        }
        assertEquals(Optional.of("903"), back.recipients().get(0).errorCode());
        assertTrue(back.recipients().get(0).detail().endsWith("INS non présent dans le document"));
        mdn.close();
    }

    @Test
    void withoutARequestedMdnTheErrorGoesBackAsAPlainMailWithTheDocuments() throws Exception {
        Path original = original(null, SENDER);
        ComposedReply mail = new IntegrationErrorMail(clock, dir.resolve("spool")).compose(new MdnRequest(original,
                SERVICE, "gw.chb.mssante.test; villhop", Optional.empty(),
                MdnOutcome.error("903", "INS non présent dans le document"))).orElseThrow();
        assertEquals(SERVICE, mail.envelopeSender());
        assertEquals(SENDER, mail.recipient());
        Path file = write(mail);
        String printed = python("""
                import email, email.policy, hashlib, sys
                m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
                print(m.get_content_type(), m['Subject'], m['In-Reply-To'])
                parts = list(m.iter_parts())
                print("Code d'erreur : 903" in parts[0].get_content(), 'INS non présent' in parts[0].get_content())
                print(parts[1].get_content_type(), parts[1].get_filename())
                print([(p.get_filename(), hashlib.sha256(p.get_content()).hexdigest()) for p in parts[2:]])
                """, file);
        assertEquals(String.join("\n",
                "multipart/mixed [KO Intégration système !][903] " + SUBJECT + " <cr-echo-1@hopital.mssante.test>",
                "True True",
                "message/rfc822 message_original.eml",
                "[('IHE_XDM.zip', '" + HexFormat.of().formatHex(sha256(zip)) + "'), "
                        + "('20261123_CR_echographie_CORSE_FIGATELLIX.pdf', '" + HexFormat.of().formatHex(sha256(pdf))
                        + "')]"), printed);
        mail.close();
    }

    @Test
    void mdnIsNotSentAutomaticallyWhenTheAddressDiffersFromTheReturnPath() throws Exception {
        MdnDecision d = compose(original("someone.else@ville.mssante.test", SENDER), MdnOutcome.processed());
        assertEquals("Disposition-Notification-To <someone.else@ville.mssante.test> differs from the Return-Path <"
                + SENDER + ">", assertInstanceOf(MdnDecision.NeedsHuman.class, d).reason());
        MdnDecision several = compose(original(SENDER + ", b@x.test", SENDER), MdnOutcome.processed());
        assertInstanceOf(MdnDecision.NeedsHuman.class, several);
        MdnDecision noReturnPath = compose(original(SENDER, null), MdnOutcome.processed());
        assertTrue(assertInstanceOf(MdnDecision.NeedsHuman.class, noReturnPath).reason().contains("Return-Path"));
    }

    @Test
    void noMdnWithoutARequestAndNeverForAReceipt() throws Exception {
        assertInstanceOf(MdnDecision.NotRequested.class, compose(original(null, SENDER), MdnOutcome.processed()));
        Path receipt = dir.resolve("receipt.eml");
        try (InputStream in = Fixtures.resource("mdn-error-902.eml")) {
            Files.write(receipt, ("Disposition-Notification-To: " + SENDER + "\r\nReturn-Path: <" + SENDER + ">\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Files.write(receipt, in.readAllBytes(), java.nio.file.StandardOpenOption.APPEND);
        }
        assertInstanceOf(MdnDecision.ReceiptNotAnswered.class, compose(receipt, MdnOutcome.processed()));
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    static String sha256Of(jakarta.mail.BodyPart part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            return HexFormat.of().formatHex(sha256(in.readAllBytes()));
        }
    }

    static String python(String script, Path file) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
