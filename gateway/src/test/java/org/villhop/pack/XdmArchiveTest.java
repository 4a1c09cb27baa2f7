package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class XdmArchiveTest {

    private static final String RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    private static Map<String, byte[]> entries;
    private static Document metadata;

    @BeforeAll
    static void unpackTheArchive() throws Exception {
        entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(SamplePack.pack().xdmZip()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        metadata = factory.newDocumentBuilder().parse(new ByteArrayInputStream(entries.get("IHE_XDM/SUBSET01/METADATA.XML")));
    }

    @Test
    void theArchiveHasTheXdmLayoutWithOneFilePerCda() {
        assertEquals(List.of("README.TXT", "INDEX.HTM", "IHE_XDM/SUBSET01/METADATA.XML", "IHE_XDM/SUBSET01/DOC0001.XML",
                "IHE_XDM/SUBSET01/DOC0002.XML", "IHE_XDM/SUBSET01/DOC0003.XML", "IHE_XDM/SUBSET01/DOC0004.XML"),
                List.copyOf(entries.keySet()));
    }

    @Test
    void everyDocumentEntryHashAndSizeMatchTheFileItPointsTo() throws Exception {
        NodeList objects = metadata.getElementsByTagNameNS(RIM, "ExtrinsicObject");
        assertEquals(4, objects.getLength());
        for (int i = 0; i < objects.getLength(); i++) {
            Element entry = (Element) objects.item(i);
            byte[] file = entries.get("IHE_XDM/SUBSET01/" + slot(entry, "URI"));
            assertEquals(Integer.toString(file.length), slot(entry, "size"));
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(file)), slot(entry, "hash"));
        }
    }

    @Test
    void everyDocumentEntryCarriesTheInsAndItsTypeCode() {
        NodeList objects = metadata.getElementsByTagNameNS(RIM, "ExtrinsicObject");
        List<String> typeCodes = new java.util.ArrayList<>();
        for (int i = 0; i < objects.getLength(); i++) {
            Element entry = (Element) objects.item(i);
            assertEquals("279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH",
                    identifier(entry, "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"));
            typeCodes.add(classification(entry, "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983"));
            assertEquals("urn:ihe:iti:xds-sd:pdf:2008", classification(entry, "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d"));
        }
        assertEquals(List.of("11490-0", "57833-6", "PRESC-INF", "57828-6"), typeCodes);
        assertEquals(4, metadata.getElementsByTagNameNS(RIM, "Association").getLength());
    }

    @Test
    void theSubmissionSetIsClassifiedAndIdentified() {
        Element set = (Element) metadata.getElementsByTagNameNS(RIM, "RegistryPackage").item(0);
        assertTrue(identifier(set, "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8").startsWith("2.25."));
        assertEquals("279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH",
                identifier(set, "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446"));
    }

    static String slot(Element object, String name) {
        NodeList slots = object.getElementsByTagNameNS(RIM, "Slot");
        for (int i = 0; i < slots.getLength(); i++) {
            Element slot = (Element) slots.item(i);
            if (slot.getAttribute("name").equals(name) && slot.getParentNode() == object) {
                return slot.getElementsByTagNameNS(RIM, "Value").item(0).getTextContent();
            }
        }
        throw new AssertionError("no slot " + name);
    }

    static String identifier(Element object, String scheme) {
        NodeList ids = object.getElementsByTagNameNS(RIM, "ExternalIdentifier");
        for (int i = 0; i < ids.getLength(); i++) {
            Element id = (Element) ids.item(i);
            if (id.getAttribute("identificationScheme").equals(scheme)) {
                return id.getAttribute("value");
            }
        }
        throw new AssertionError("no identifier " + scheme);
    }

    static String classification(Element object, String scheme) {
        NodeList list = object.getElementsByTagNameNS(RIM, "Classification");
        for (int i = 0; i < list.getLength(); i++) {
            Element c = (Element) list.item(i);
            if (c.getAttribute("classificationScheme").equals(scheme)) {
                return c.getAttribute("nodeRepresentation");
            }
        }
        throw new AssertionError("no classification " + scheme);
    }
}
