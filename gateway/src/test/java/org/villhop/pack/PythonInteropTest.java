package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.pack.message.CompositionResult;
import org.villhop.pack.message.DischargeMessageComposer;

/** The composed message read by software nobody here wrote: Python's email, zipfile, hashlib and ElementTree. */
class PythonInteropTest {

    private static final String CHECK = """
            import sys, email, email.policy, zipfile, io, hashlib, xml.etree.ElementTree as ET
            msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            assert str(msg['Subject']) == 'XDM/1.0/DDM+4 documents ETIENNE-DUPRE H\\u00e9l\\u00e8ne 21/03/1979', msg['Subject']
            assert msg.get_all('X-MSS-CODECDA') == ['11490-0', '57833-6', 'PRESC-INF', '57828-6'], msg.get_all('X-MSS-CODECDA')
            files = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
            assert not any(n.endswith('.json') for n in files), files.keys()
            pdfs = [n for n in files if n.endswith('.pdf')]
            assert all(files[n].startswith(b'%PDF-1.4') for n in pdfs)
            z = zipfile.ZipFile(io.BytesIO(files['IHE_XDM.ZIP']))
            assert z.testzip() is None
            rim = '{urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0}'
            meta = ET.fromstring(z.read('IHE_XDM/SUBSET01/METADATA.XML'))
            checked = 0
            for doc in meta.iter(rim + 'ExtrinsicObject'):
                slots = {s.get('name'): s.find(rim + 'ValueList/' + rim + 'Value').text for s in doc.findall(rim + 'Slot')}
                data = z.read('IHE_XDM/SUBSET01/' + slots['URI'])
                assert hashlib.sha1(data).hexdigest() == slots['hash'], slots['URI']
                assert len(data) == int(slots['size']), slots['URI']
                ET.fromstring(data)
                checked += 1
            print('OK', len(pdfs), checked)
            """;

    @TempDir
    Path dir;

    @Test
    void pythonReadsTheMessageAndFindsMatchingXdmHashesAndSizes() throws Exception {
        assumeTrue(python() != null, "python3 not installed: skipped");
        Session session = Session.getInstance(new Properties());
        MimeMessage submitted = new MimeMessage(session);
        submitted.setFrom("secretariat.cardio@chu-exemple.mssante.fr");
        submitted.setRecipients(jakarta.mail.Message.RecipientType.TO, "paul.mercier@medecin.mssante.fr");
        MimeMultipart body = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Sortie", "UTF-8");
        body.addBodyPart(text);
        MimeBodyPart request = new MimeBodyPart();
        request.setDataHandler(new DataHandler(new ByteArrayDataSource(SamplePack.exampleJson(), "application/json")));
        request.setFileName("patient.sortie.json");
        body.addBodyPart(request);
        MimeBodyPart echo = new MimeBodyPart();
        echo.setDataHandler(new DataHandler(new ByteArrayDataSource("%PDF-1.4 echo".getBytes(StandardCharsets.US_ASCII),
                "application/pdf")));
        echo.setFileName("compte-rendu-echographie.pdf");
        body.addBodyPart(echo);
        submitted.setContent(body);
        submitted.saveChanges();
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        submitted.writeTo(raw);

        Path composed = dir.resolve("composed.eml");
        try (OutputStream out = Files.newOutputStream(composed)) {
            assertInstanceOf(CompositionResult.Composed.class,
                    new DischargeMessageComposer(PackSettings.defaults(), SamplePack.CLOCK, dir)
                            .compose(new ByteArrayInputStream(raw.toByteArray()), out));
        }
        Path script = Files.writeString(dir.resolve("check.py"), CHECK);
        Process python = new ProcessBuilder(python(), script.toString(), composed.toString())
                .redirectErrorStream(true).start();
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, python.exitValue(), output);
        assertEquals("OK 6 4", output.trim());
    }

    private static String python() {
        for (String candidate : new String[] {"/usr/bin/python3", "/usr/local/bin/python3"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
