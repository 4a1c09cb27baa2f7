package org.villhop.pack.xdm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.villhop.pack.PackDocument;
import org.villhop.pack.PackSettings;
import org.villhop.pack.cda.DocumentIds;
import org.villhop.pack.request.DischargeRequest;

/**
 * Writes {@code METADATA.XML}: an ebRIM 3.0 {@code SubmitObjectsRequest} with the submission set, one document entry
 * per CDA (hash, size, URI, INS patientId, type/class/format/confidentiality/facility/practice codes, author,
 * institution, unique ids) and the HasMember associations; a correction adds the RPLC association.
 */
final class XdmMetadataWriter {

    static final String RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    static final String LCM = "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0";
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final PackSettings settings;

    XdmMetadataWriter(PackSettings settings) {
        this.settings = settings;
    }

    byte[] write(DischargeRequest r, List<PackDocument> documents, Instant issued) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            Rim x = new Rim(w);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("lcm", "SubmitObjectsRequest", LCM);
            w.writeNamespace("lcm", LCM);
            w.writeNamespace("rim", RIM);
            w.writeStartElement("rim", "RegistryObjectList", RIM);
            String submissionSetUuid = "urn:uuid:" + UUID.nameUUIDFromBytes(
                    DocumentIds.submissionSetId(r.establishment().finess(), r.packId(), r.version())
                            .getBytes(StandardCharsets.UTF_8));
            String when = DTM.format(issued.atOffset(ZoneOffset.UTC));
            for (int i = 0; i < documents.size(); i++) {
                new DocumentEntryWriter(x, r, settings).write(documents.get(i), i + 1, when, hash(documents.get(i).cda()));
            }
            submissionSet(x, r, submissionSetUuid, when);
            for (int i = 0; i < documents.size(); i++) {
                DocumentIds ids = documents.get(i).ids();
                x.start("Association", "id", "urn:uuid:" + UUID.nameUUIDFromBytes((ids.entryUuid() + ":member").getBytes(
                                StandardCharsets.UTF_8)),
                        "associationType", "urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember",
                        "sourceObject", submissionSetUuid, "targetObject", ids.entryUuid());
                x.slot("SubmissionSetStatus", "Original");
                x.end();
                if (ids.previous() != null) {
                    x.start("Association", "id", "urn:uuid:" + UUID.nameUUIDFromBytes((ids.entryUuid() + ":rplc").getBytes(
                                    StandardCharsets.UTF_8)),
                            "associationType", "urn:ihe:iti:2007:AssociationType:RPLC",
                            "sourceObject", ids.entryUuid(), "targetObject", ids.previous().entryUuid());
                    x.end();
                }
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XDM metadata: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void submissionSet(Rim x, DischargeRequest r, String uuid, String when) throws XMLStreamException {
        x.start("RegistryPackage", "id", uuid, "objectType", "urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject");
        x.slot("submissionTime", when);
        x.slot("intendedRecipient", recipients(r));
        x.name("Pack de sortie " + r.packId());
        x.classification("urn:uuid:a7058bb9-b4e4-4307-ba5b-e3f0ab85e12d", uuid, "", null, null,
                "authorPerson", Hl7v2.authorPerson(r.hospitalDoctor()),
                "authorInstitution", Hl7v2.institution(r.establishment()));
        x.classification("urn:uuid:aa543740-bdda-424e-8c96-df4873be8500", uuid, "11490-0", "2.16.840.1.113883.6.1",
                "Lettre de liaison à la sortie d'un établissement de soins");
        x.start("Classification", "id", uuid + "-class", "classifiedObject", uuid,
                "classificationNode", "urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd");
        x.end();
        x.identifier("urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8", uuid,
                DocumentIds.submissionSetId(r.establishment().finess(), r.packId(), r.version()),
                "XDSSubmissionSet.uniqueId");
        x.identifier("urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832", uuid, "1.2.250.1.71.4.2.2.1" + r.establishment().finess(),
                "XDSSubmissionSet.sourceId");
        x.identifier("urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446", uuid, Hl7v2.patientId(r.patient()),
                "XDSSubmissionSet.patientId");
        x.end();
    }

    private static String[] recipients(DischargeRequest r) {
        List<DischargeRequest.Recipient> all = new ArrayList<>();
        all.add(r.gp());
        all.addAll(r.otherRecipients());
        return all.stream().map(p -> "|^^Internet^" + p.mssante()).toArray(String[]::new);
    }

    static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    static String dtm(String isoDateTime) {
        return DTM.format(OffsetDateTime.parse(isoDateTime).withOffsetSameInstant(ZoneOffset.UTC));
    }
}
