package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.pack.message.CompositionResult;
import org.villhop.pack.message.DischargeMessageComposer;

class DischargeMessageComposerTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final byte[] ECHO_PDF = new byte[700_000];

    static {
        new Random(42).nextBytes(ECHO_PDF);
    }

    @TempDir
    Path spool;

    private final ObjectMapper json = new ObjectMapper();

    private DischargeMessageComposer composer() {
        return new DischargeMessageComposer(PackSettings.defaults(), SamplePack.CLOCK, spool);
    }

    @Test
    void theRequestIsReplacedByThePackWithTheMssanteHeaders() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompositionResult result = composer().compose(submitted(SamplePack.exampleJson(), "<sortie-1@chu-exemple.mssante.fr>"), out);

        CompositionResult.Composed composed = assertInstanceOf(CompositionResult.Composed.class, result);
        MimeMessage sent = new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
        assertEquals("<sortie-1@chu-exemple.mssante.fr>", sent.getMessageID());
        assertEquals("XDM/1.0/DDM+4 documents ETIENNE-DUPRE Hélène 21/03/1979", sent.getSubject());
        assertEquals(List.of("11490-0", "57833-6", "PRESC-INF", "57828-6"), List.of(sent.getHeader("X-MSS-CODECDA")));
        assertEquals("O", sent.getHeader("X-MSS-INS", null));
        assertEquals("villhop/0.1", sent.getHeader("X-MSS-NIL", null));
        assertEquals("FIN", sent.getHeader("X-MSS-MES", null));
        assertEquals("secretariat.cardio@chu-exemple.mssante.fr", sent.getHeader("Disposition-Notification-To", null));
        assertTrue(sent.getHeader("Cc", null).contains("279035121518989@patient.mssante.fr"));
        assertEquals(List.of("279035121518989@patient.mssante.fr"), composed.addedRecipients());

        Map<String, byte[]> files = attachments(sent);
        assertEquals(List.of("lettre-de-liaison.pdf", "ordonnance.pdf", "soins-infirmiers.pdf", "transport.pdf",
                "arret-de-travail-information.pdf", "IHE_XDM.ZIP", "compte-rendu-echographie.pdf"), List.copyOf(files.keySet()));
        assertArrayEquals(ECHO_PDF, files.get("compte-rendu-echographie.pdf"));
        assertTrue(new String(files.get("lettre-de-liaison.pdf"), 0, 8, StandardCharsets.US_ASCII).startsWith("%PDF-1.4"));
        String text = (String) ((MimeMultipart) sent.getContent()).getBodyPart(0).getContent();
        assertTrue(text.contains("Service Cardiologie"), text);
        assertTrue(!text.contains("amiodarone") && !text.contains("fibrillation"), "the body stays non-clinical");
        try (var left = java.nio.file.Files.list(spool)) {
            assertEquals(0, left.count(), "no spooled body is left behind");
        }
    }

    @Test
    void anInvalidRequestIsRefusedWithEveryProblemAndNothingIsWritten() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        ((ObjectNode) root.get("letter")).set("followUp", json.createArrayNode());
        ((ObjectNode) root.get("hospitalDoctor")).put("rpps", "123");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CompositionResult result = composer().compose(submitted(json.writeValueAsBytes(root), "<x@y>"), out);

        List<String> paths = assertInstanceOf(CompositionResult.Refused.class, result).problems().stream()
                .map(p -> p.path()).toList();
        assertTrue(paths.contains("$.letter.followUp")
                && paths.contains("$.hospitalDoctor.rpps"), paths.toString());
        assertEquals(0, out.size());
    }

    @Test
    void aRefusalGivesAShortAsciiSmtpTextAndAFullReport() {
        CompositionResult.Refused refused = new CompositionResult.Refused(List.of(
                new org.villhop.pack.request.RequestProblem("$.letter.followUp", "le suivi est absent"),
                new org.villhop.pack.request.RequestProblem("$.stay.exitDate", "is before the entry date"),
                new org.villhop.pack.request.RequestProblem("$.patient.sex", "does not agree")));
        assertEquals("discharge request refused: $.letter.followUp: le suivi est absent; "
                + "$.stay.exitDate: is before the entry date; and 1 more", refused.smtpText(2));
        assertEquals(3, refused.report().lines().count());
    }

    @Test
    void noPatientCopyWithoutAQualifiedInsAndTheReasonIsGiven() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        ((ObjectNode) root.at("/patient/ins")).put("qualified", false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CompositionResult.Composed composed = assertInstanceOf(CompositionResult.Composed.class,
                composer().compose(submitted(json.writeValueAsBytes(root), "<x@chu>"), out));

        assertEquals("no copy to Mon espace santé: the patient's INS is not qualified", composed.patientCopy().reason());
        MimeMessage sent = new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
        assertNull(sent.getHeader("Cc", null));
        assertNull(sent.getHeader("X-MSS-MES", null));
        assertEquals("N", sent.getHeader("X-MSS-INS", null));
    }

    @Test
    void anObjectingPatientGetsNoCopyEvenIfTheSenderAddressedOne() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        ((ObjectNode) root.get("patient")).put("monEspaceSanteOpposition", true);
        MimeMessage message = message(json.writeValueAsBytes(root), "<x@chu>");
        message.addRecipient(jakarta.mail.Message.RecipientType.CC, new InternetAddress("279035121518989@patient.mssante.fr"));

        CompositionResult result = composer().compose(bytes(message), new ByteArrayOutputStream());

        assertEquals("$.patient", assertInstanceOf(CompositionResult.Refused.class, result).problems().get(0).path());
    }

    @Test
    void aCorrectionIsThreadedToTheFirstMessage() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        root.put("version", 2);
        root.put("replacesMessageId", "<sortie-1@chu-exemple.mssante.fr>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        composer().compose(submitted(json.writeValueAsBytes(root), "<sortie-2@chu-exemple.mssante.fr>"), out);

        MimeMessage sent = new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
        assertEquals("<sortie-1@chu-exemple.mssante.fr>", sent.getHeader("In-Reply-To", null));
        assertEquals("<sortie-1@chu-exemple.mssante.fr>", sent.getHeader("References", null));
        assertEquals("<sortie-2@chu-exemple.mssante.fr>", sent.getMessageID());
    }

    @Test
    void aMessageWithoutRequestIsCopiedUnchanged() throws Exception {
        MimeMessage plain = new MimeMessage(SESSION);
        plain.setFrom("secretariat.cardio@chu-exemple.mssante.fr");
        plain.setRecipients(jakarta.mail.Message.RecipientType.TO, "paul.mercier@medecin.mssante.fr");
        plain.setSubject("Question");
        plain.setText("Bonjour");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ByteArrayInputStream in = bytes(plain);
        byte[] original = in.readAllBytes();

        CompositionResult result = composer().compose(new ByteArrayInputStream(original), out);

        assertInstanceOf(CompositionResult.NotADischarge.class, result);
        assertArrayEquals(original, out.toByteArray());
    }

    @Test
    void twoRequestsInOneMessageAreRefused() throws Exception {
        MimeMessage message = message(SamplePack.exampleJson(), "<x@chu>");
        MimeMultipart body = (MimeMultipart) message.getContent();
        MimeBodyPart second = new MimeBodyPart();
        second.setDataHandler(new DataHandler(new ByteArrayDataSource(SamplePack.exampleJson(), "application/json")));
        second.setFileName("autre.sortie.json");
        body.addBodyPart(second);
        message.setContent(body);
        message.saveChanges();

        CompositionResult result = composer().compose(bytes(message), new ByteArrayOutputStream());

        assertTrue(assertInstanceOf(CompositionResult.Refused.class, result).problems().get(0).message()
                .startsWith("one patient per message"));
    }

    private static ByteArrayInputStream submitted(byte[] request, String messageId) throws Exception {
        return bytes(message(request, messageId));
    }

    private static MimeMessage message(byte[] request, String messageId) throws Exception {
        MimeMessage message = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom("secretariat.cardio@chu-exemple.mssante.fr");
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, "paul.mercier@medecin.mssante.fr");
        message.setSubject("Sortie");
        MimeMultipart body = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Sortie de Mme Étienne-Dupré, fibrillation atriale sous amiodarone.", "UTF-8");
        body.addBodyPart(text);
        MimeBodyPart requestPart = new MimeBodyPart();
        requestPart.setDataHandler(new DataHandler(new ByteArrayDataSource(request, DischargeMessageComposer.REQUEST_MEDIA_TYPE)));
        requestPart.setFileName("demande.json");
        body.addBodyPart(requestPart);
        MimeBodyPart echo = new MimeBodyPart();
        echo.setDataHandler(new DataHandler(new ByteArrayDataSource(ECHO_PDF, "application/pdf")));
        echo.setFileName("compte-rendu-echographie.pdf");
        body.addBodyPart(echo);
        message.setContent(body);
        message.saveChanges();
        return message;
    }

    private static ByteArrayInputStream bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return new ByteArrayInputStream(out.toByteArray());
    }

    private static Map<String, byte[]> attachments(MimeMessage message) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MimeMultipart body = (MimeMultipart) message.getContent();
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < body.getCount(); i++) {
            parts.add(body.getBodyPart(i));
        }
        for (Part part : parts) {
            if (part.getFileName() != null) {
                files.put(part.getFileName(), part.getInputStream().readAllBytes());
            }
        }
        return files;
    }
}
