package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.villhop.pack.render.DocumentKind;

class PdfConformanceTest {

    private static DischargePack pack;

    @BeforeAll
    static void renderThePack() throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        pack = SamplePack.pack();
        Path out = Path.of("target/pack-sample");
        Files.createDirectories(out);
        for (PackDocument d : pack.documents()) {
            Files.write(out.resolve(d.kind().pdfFileName()), d.pdf());
        }
    }

    @Test
    void theExampleRequestGivesEveryDocumentOfThePack() {
        assertEquals(List.of(DocumentKind.LETTER, DocumentKind.MEDICINES, DocumentKind.NURSING, DocumentKind.TRANSPORT,
                DocumentKind.SICK_LEAVE), pack.documents().stream().map(PackDocument::kind).toList());
    }

    @Test
    void everyPdfIsValidPdfA1bForVeraPdf() throws Exception {
        for (PackDocument d : pack.documents()) {
            try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(d.pdf()),
                    PDFAFlavour.PDFA_1_B);
                 PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_1_B, false)) {
                ValidationResult result = validator.validate(parser);
                String failures = result.getTestAssertions().stream()
                        .filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
                        .map(a -> a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber() + " " + a.getMessage())
                        .distinct().collect(Collectors.joining("\n"));
                assertTrue(result.isCompliant(), d.kind() + " is not PDF/A-1b:\n" + failures);
            }
        }
    }
}
