package org.villhop.pack.xdm;

import javax.xml.stream.XMLStreamException;

import org.villhop.pack.PackDocument;
import org.villhop.pack.PackSettings;
import org.villhop.pack.cda.CdaWriter;
import org.villhop.pack.cda.DocumentIds;
import org.villhop.pack.request.DischargeRequest;

/** Writes one XDS document entry ({@code ExtrinsicObject}) describing a CDA of the archive. */
final class DocumentEntryWriter {

    static final String CDA_CLASS_SCHEME = "1.2.250.1.213.1.1.4.1";
    static final String FORMAT_PDF = "urn:ihe:iti:xds-sd:pdf:2008";

    private final Rim x;
    private final DischargeRequest r;
    private final PackSettings settings;

    DocumentEntryWriter(Rim x, DischargeRequest r, PackSettings settings) {
        this.x = x;
        this.r = r;
        this.settings = settings;
    }

    void write(PackDocument document, int number, String creationTime, String sha1) throws XMLStreamException {
        DocumentIds ids = document.ids();
        String id = ids.entryUuid();
        x.start("ExtrinsicObject", "id", id, "mimeType", "text/xml",
                "objectType", "urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1",
                "status", "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved");
        x.slot("creationTime", creationTime);
        x.slot("hash", sha1);
        x.slot("size", Integer.toString(document.cda().length));
        x.slot("URI", XdmArchiveWriter.documentFileName(number));
        x.slot("languageCode", "fr-FR");
        x.slot("serviceStartTime", XdmMetadataWriter.dtm(r.stay().entryDate()));
        x.slot("serviceStopTime", XdmMetadataWriter.dtm(r.stay().exitDate()));
        x.slot("sourcePatientId", Hl7v2.patientId(r.patient()));
        x.slot("sourcePatientInfo", "PID-3|" + Hl7v2.patientId(r.patient()), Hl7v2.sourcePatientName(r.patient()),
                "PID-7|" + r.patient().birthDate().replace("-", ""), "PID-8|" + r.patient().sex());
        x.slot("legalAuthenticator", Hl7v2.authorPerson(r.hospitalDoctor()));
        x.name(document.kind().title());
        x.classification("urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d", id, "", null, null,
                "authorPerson", Hl7v2.authorPerson(r.hospitalDoctor()),
                "authorInstitution", Hl7v2.institution(r.establishment()));
        ClassCode classCode = ClassCode.of(document.kind());
        x.classification("urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a", id, classCode.code(), CDA_CLASS_SCHEME,
                classCode.displayName());
        x.classification("urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f", id, r.confidentiality(),
                "2.16.840.1.113883.5.25", CdaWriter.confidentialityName(r.confidentiality()));
        x.classification("urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d", id, FORMAT_PDF, "1.3.6.1.4.1.19376.1.2.3",
                "Document à corps non structuré en Pdf/A-1");
        x.classification("urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1", id, settings.facilityType().code(),
                "1.2.250.1.71.4.2.4", settings.facilityType().displayName());
        x.classification("urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead", id, settings.practiceSetting().code(),
                "1.2.250.1.213.1.1.4.9", settings.practiceSetting().displayName());
        x.classification("urn:uuid:f0306f51-975f-434e-a61c-c59651d33983", id, document.kind().typeCode(),
                document.kind().typeCodeSystem(), document.kind().typeDisplayName());
        x.identifier("urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427", id, Hl7v2.patientId(r.patient()),
                "XDSDocumentEntry.patientId");
        x.identifier("urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab", id, ids.documentId(),
                "XDSDocumentEntry.uniqueId");
        x.end();
    }
}
