package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CorrectionTest {

    static DischargePack correctedPack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        root.put("version", 2);
        root.put("replacesMessageId", "<sortie-1@chu-exemple.mssante.fr>");
        return new DischargePackBuilder(PackSettings.defaults(), SamplePack.CLOCK)
                .build(SamplePack.request(json.writeValueAsBytes(root)));
    }

    @Test
    void aCorrectionKeepsTheSetIdAndReplacesThePreviousVersionInCdaAndXdm() throws Exception {
        PackDocument first = SamplePack.pack().documents().get(0);
        DischargePack corrected = correctedPack();
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
    }
}
