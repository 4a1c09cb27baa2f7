package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.pack.render.DocumentKind;
import org.villhop.pack.render.PackTemplates;

class TemplateRenderingTest {

    @TempDir
    Path dir;

    @Test
    void requestTextIsEscapedNotInterpretedAsHtml() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        ((ObjectNode) root.get("letter")).put("summary", "<b>gras</b> & <script>alert(1)</script>");
        String html = new PackTemplates(null).render(DocumentKind.LETTER,
                context(SamplePack.request(json.writeValueAsBytes(root))));
        assertTrue(html.contains("&lt;b&gt;gras&lt;/b&gt; &amp; &lt;script&gt;"), html);
        assertFalse(html.contains("<script>"));
    }

    @Test
    void thePdfTextKeepsFrenchAccentsAndLigaturesReadable() throws Exception {
        try (PDDocument pdf = Loader.loadPDF(SamplePack.pack().documents().get(0).pdf())) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("Lettre de liaison à la sortie"), text);
            assertTrue(text.contains("ÉTIENNE-DUPRÉ") && text.contains("Hélène Marie Zoé"), text);
            assertTrue(text.contains("Page 1 / 2"), text);
            assertFalse(text.contains("#"), "no missing glyphs");
        }
    }

    @Test
    void anAdministratorTemplateReplacesTheBuiltInOneOfTheSameName() throws Exception {
        Files.writeString(dir.resolve("transport.peb"), "{% extends \"layout\" %}{% block content %}"
                + "<p>Bon de transport maison : {{ r.prescriptions.transport.mode }}</p>{% endblock %}");
        String html = new PackTemplates(dir).render(DocumentKind.TRANSPORT, context(SamplePack.request()));
        assertTrue(html.contains("Bon de transport maison : VSL"), html);
        assertTrue(html.contains("Centre hospitalier universitaire d&#39;Exemple")
                || html.contains("Centre hospitalier universitaire d&#x27;Exemple"), "the built-in layout is still used");
    }

    @Test
    void aMissingVariableIsAnErrorNotABlank() throws Exception {
        Files.writeString(dir.resolve("ordonnance.peb"), "{% extends \"layout\" %}{% block content %}"
                + "{{ r.prescriptions.medicines.prescriberSignature }}{% endblock %}");
        PackTemplates templates = new PackTemplates(dir);
        PackTemplates.TemplateFailure failure = assertThrows(PackTemplates.TemplateFailure.class,
                () -> templates.render(DocumentKind.MEDICINES, context(SamplePack.request())));
        assertTrue(failure.getMessage().contains("prescriberSignature"), failure.getMessage());
    }

    private static Map<String, Object> context(org.villhop.pack.request.DischargeRequest request) {
        Map<String, Object> context = new HashMap<>();
        context.put("r", request);
        context.put("issued", "23/11/2026");
        context.put("datamatrix", null);
        context.put("versionNote", null);
        context.put("doc", Map.of("title", "Test", "kind", "TEST"));
        return context;
    }
}
