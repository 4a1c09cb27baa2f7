package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CorrectionTest {

    @Test
    void aCorrectionKeepsTheSetIdAndReplacesThePreviousVersionInCdaAndXdm() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        root.put("version", 2);
        root.put("replacesMessageId", "<sortie-1@chu-exemple.mssante.fr>");
        DischargePackBuilder builder = new DischargePackBuilder(PackSettings.defaults(), SamplePack.CLOCK);
        PackDocument first = builder.build(SamplePack.request()).documents().get(0);
        DischargePack corrected = builder.build(SamplePack.request(json.writeValueAsBytes(root)));
        PackDocument second = corrected.documents().get(0);

        assertEquals(first.ids().setId(), second.ids().setId());
        assertNotEquals(first.ids().documentId(), second.ids().documentId());
        assertEquals(first.ids(), second.ids().previous());
        String cda = new String(second.cda(), StandardCharsets.UTF_8);
        assertTrue(cda.contains("<versionNumber value=\"2\"/>"), "version number");
        assertTrue(cda.contains("<relatedDocument typeCode=\"RPLC\"><parentDocument><id root=\""
                + first.ids().documentId() + "\"/>"), "RPLC to the first version");

        String metadata;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(corrected.xdmZip()))) {
            while (!zip.getNextEntry().getName().endsWith("METADATA.XML")) {
                zip.closeEntry();
            }
            metadata = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(metadata.contains("associationType=\"urn:ihe:iti:2007:AssociationType:RPLC\" sourceObject=\""
                + second.ids().entryUuid() + "\" targetObject=\"" + first.ids().entryUuid() + "\""), metadata);

        if (CdaConformance.referenceAvailable()) {
            CdaConformance conformance = new CdaConformance();
            assertEquals(List.of(), conformance.xsdErrors(second.cda()));
            assertEquals(List.of(), conformance.schematronErrors(CdaConformance.LEVEL1_SCHEMATRONS.get(0), second.cda()));
        }
    }
}
