package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CdaConformanceTest {

    private static DischargePack pack;
    private static CdaConformance conformance;

    @BeforeAll
    static void renderThePack() throws Exception {
        assumeTrue(CdaConformance.referenceAvailable(),
                "ANS reference files not found at " + CdaConformance.REFERENCE.toAbsolutePath() + ": skipped");
        pack = SamplePack.pack();
        conformance = new CdaConformance();
    }

    @Test
    void everyCdaIsValidAgainstTheAnsXmlSchema() throws Exception {
        for (PackDocument d : pack.structuredDocuments()) {
            assertEquals(List.of(), conformance.xsdErrors(d.cda()), d.kind() + " against CDA_extended.xsd");
        }
    }

    @Test
    void aCorrectedVersionWithItsReplaceRelationIsValidToo() throws Exception {
        for (PackDocument d : CorrectionTest.correctedPack().structuredDocuments()) {
            assertEquals(List.of(), conformance.xsdErrors(d.cda()), d.kind() + " version 2 against the XSD");
            for (String schematron : CdaConformance.LEVEL1_SCHEMATRONS) {
                assertEquals(List.of(), conformance.schematronErrors(schematron, d.cda()), d.kind() + " version 2 against " + schematron);
            }
        }
    }

    @Test
    void theSchematronCheckCatchesAHeaderDefect() throws Exception {
        String letter = new String(pack.documents().get(0).cda(), java.nio.charset.StandardCharsets.UTF_8);
        byte[] broken = letter.replace("qualifier=\"BR\"", "qualifier=\"XX\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> errors = conformance.schematronErrors(CdaConformance.LEVEL1_SCHEMATRONS.get(0), broken);
        org.junit.jupiter.api.Assertions.assertFalse(errors.isEmpty(), "a wrong name qualifier must be reported");
    }

    @Test
    void everyCdaPassesTheAnsLevelOneSchematrons() throws Exception {
        for (String schematron : CdaConformance.LEVEL1_SCHEMATRONS) {
            for (PackDocument d : pack.structuredDocuments()) {
                assertEquals(List.of(), conformance.schematronErrors(schematron, d.cda()), d.kind() + " against " + schematron);
            }
        }
    }
}
