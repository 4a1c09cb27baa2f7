package org.villhop.pack.cda;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;

import org.villhop.pack.PackSettings;
import org.villhop.pack.render.DocumentKind;
import org.villhop.pack.request.DischargeRequest;
import org.villhop.pack.request.DischargeRequest.Patient;

/**
 * Wraps one PDF in a CDA R2 level 1 document (ANS "structuration minimale", IHE XDS-SD): the full header (patient INS,
 * author, custodian, legal authenticator, the stay) and the PDF base64 in {@code nonXMLBody}. A correction carries the
 * {@code RPLC} relation to the version it replaces.
 */
public final class CdaWriter {

    static final String NIR_RPPS_ROOT = "1.2.250.1.71.4.2.1";
    static final String STRUCTURE_ROOT = "1.2.250.1.71.4.2.2";
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final PackSettings settings;

    public CdaWriter(PackSettings settings) {
        this.settings = settings;
    }

    public byte[] write(DischargeRequest r, DocumentKind kind, DocumentIds ids, byte[] pdf, Instant issued) {
        if (!kind.structured()) {
            throw new IllegalArgumentException(kind + " has no CDA form");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length * 4 / 3 + 16 * 1024);
        try {
            XmlOut x = new XmlOut(XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8"));
            String now = hl7(issued.atZone(PARIS).toOffsetDateTime());
            x.w.writeStartDocument("UTF-8", "1.0");
            x.start("ClinicalDocument");
            x.w.writeDefaultNamespace("urn:hl7-org:v3");
            x.w.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
            x.empty("realmCode", "code", "FR");
            x.empty("typeId", "root", "2.16.840.1.113883.1.3", "extension", "POCD_HD000040");
            x.empty("templateId", "root", "2.16.840.1.113883.2.8.2.1");
            x.empty("templateId", "root", "1.2.250.1.213.1.1.1.1");
            x.empty("templateId", "root", "1.3.6.1.4.1.19376.1.2.20");
            x.empty("id", "root", ids.documentId());
            x.empty("code", "code", kind.typeCode(), "displayName", kind.typeDisplayName(),
                    "codeSystem", kind.typeCodeSystem());
            x.text("title", kind.title());
            x.empty("effectiveTime", "value", now);
            x.empty("confidentialityCode", "code", r.confidentiality(), "displayName", confidentialityName(r.confidentiality()),
                "codeSystem", "2.16.840.1.113883.5.25");
            x.empty("languageCode", "code", "fr-FR");
            x.empty("setId", "root", ids.setId());
            x.empty("versionNumber", "value", Integer.toString(ids.version()));
            recordTarget(x, r.patient());
            author(x, r, now);
            custodian(x, r);
            legalAuthenticator(x, r, now);
            serviceEvent(x, r);
            if (ids.previous() != null) {
                x.start("relatedDocument", "typeCode", "RPLC");
                x.start("parentDocument");
                x.empty("id", "root", ids.previous().documentId());
                x.empty("setId", "root", ids.previous().setId());
                x.empty("versionNumber", "value", Integer.toString(ids.previous().version()));
                x.end();
                x.end();
            }
            encounter(x, r);
            x.start("component");
            x.start("nonXMLBody");
            x.start("text", "mediaType", "application/pdf", "representation", "B64");
            x.w.writeCharacters(Base64.getEncoder().encodeToString(pdf));
            x.end();
            x.end();
            x.end();
            x.end();
            x.w.writeEndDocument();
            x.w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing CDA: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void recordTarget(XmlOut x, Patient p) throws XMLStreamException {
        x.start("recordTarget");
        x.start("patientRole");
        x.empty("id", "root", p.ins().oid(), "extension", p.ins().matricule());
        if (p.address() != null) {
            address(x, p.address());
        }
        x.start("patient", "classCode", "PSN");
        x.start("name");
        x.text("family", "qualifier", "BR", p.birthName());
        x.text("given", p.birthGivenNames());
        x.text("given", "qualifier", "BR", p.birthGivenNames().trim().split("\\s+")[0]);
        if (p.usedFamilyName() != null) {
            x.text("family", "qualifier", "CL", p.usedFamilyName());
        }
        if (p.usedGivenName() != null) {
            x.text("given", "qualifier", "CL", p.usedGivenName());
        }
        x.end();
        x.empty("administrativeGenderCode", "code", p.sex(), "codeSystem", "2.16.840.1.113883.5.1");
        x.empty("birthTime", "value", p.birthDate().replace("-", ""));
        x.start("birthplace");
        x.start("place");
        x.start("addr");
        x.text("county", p.birthplaceInsee());
        x.end();
        x.end();
        x.end();
        x.end();
        x.end();
        x.end();
    }

    private static void author(XmlOut x, DischargeRequest r, String now) throws XMLStreamException {
        x.start("author");
        x.empty("time", "value", now);
        x.start("assignedAuthor");
        x.empty("id", "root", NIR_RPPS_ROOT, "extension", "8" + r.hospitalDoctor().rpps());
        String code = r.hospitalDoctor().specialityCode() == null ? "G15_10"
                : "G15_10/" + r.hospitalDoctor().specialityCode();
        x.empty("code", "code", code, "displayName", "Médecin - " + r.hospitalDoctor().speciality(),
                "codeSystem", "1.2.250.1.213.1.1.4.5");
        address(x, r.establishment().address());
        x.empty("telecom", "value", "tel:" + phone(r.stay().servicePhone()), "use", "WP");
        x.start("assignedPerson");
        person(x, r.hospitalDoctor().givenName(), r.hospitalDoctor().familyName());
        x.end();
        organization(x, "representedOrganization", r);
        x.end();
        x.end();
    }

    private static void custodian(XmlOut x, DischargeRequest r) throws XMLStreamException {
        x.start("custodian");
        x.start("assignedCustodian");
        x.start("representedCustodianOrganization");
        x.empty("id", "root", STRUCTURE_ROOT, "extension", "1" + r.establishment().finess());
        x.text("name", r.establishment().name());
        x.empty("telecom", "value", "tel:" + phone(r.establishment().phone()), "use", "WP");
        address(x, r.establishment().address());
        x.end();
        x.end();
        x.end();
    }

    private static void legalAuthenticator(XmlOut x, DischargeRequest r, String now) throws XMLStreamException {
        x.start("legalAuthenticator");
        x.empty("time", "value", now);
        x.empty("signatureCode", "code", "S");
        x.start("assignedEntity");
        x.empty("id", "root", NIR_RPPS_ROOT, "extension", "8" + r.hospitalDoctor().rpps());
        x.start("assignedPerson");
        person(x, r.hospitalDoctor().givenName(), r.hospitalDoctor().familyName());
        x.end();
        x.end();
        x.end();
    }

    private void serviceEvent(XmlOut x, DischargeRequest r) throws XMLStreamException {
        x.start("documentationOf");
        x.start("serviceEvent");
        x.start("effectiveTime");
        x.empty("low", "value", hl7(OffsetDateTime.parse(r.stay().entryDate())));
        x.empty("high", "value", hl7(OffsetDateTime.parse(r.stay().exitDate())));
        x.end();
        x.start("performer", "typeCode", "PRF");
        x.start("assignedEntity");
        x.empty("id", "root", NIR_RPPS_ROOT, "extension", "8" + r.hospitalDoctor().rpps());
        x.start("assignedPerson");
        person(x, r.hospitalDoctor().givenName(), r.hospitalDoctor().familyName());
        x.end();
        x.start("representedOrganization");
        x.empty("id", "root", STRUCTURE_ROOT, "extension", "1" + r.establishment().finess());
        x.text("name", r.establishment().name());
        x.empty("standardIndustryClassCode", "code", settings.practiceSetting().code(),
                "displayName", settings.practiceSetting().displayName(), "codeSystem", "1.2.250.1.213.1.1.4.9");
        x.end();
        x.end();
        x.end();
        x.end();
        x.end();
    }

    private void encounter(XmlOut x, DischargeRequest r) throws XMLStreamException {
        x.start("componentOf");
        x.start("encompassingEncounter");
        x.start("effectiveTime");
        x.empty("low", "value", hl7(OffsetDateTime.parse(r.stay().entryDate())));
        x.empty("high", "value", hl7(OffsetDateTime.parse(r.stay().exitDate())));
        x.end();
        x.start("location");
        x.start("healthCareFacility");
        x.empty("id", "root", STRUCTURE_ROOT, "extension", "1" + r.establishment().finess());
        x.empty("code", "code", settings.facilityType().code(), "displayName", settings.facilityType().displayName(),
                "codeSystem", "1.2.250.1.71.4.2.4");
        x.end();
        x.end();
        x.end();
        x.end();
    }

    private static void organization(XmlOut x, String element, DischargeRequest r) throws XMLStreamException {
        x.start(element);
        x.empty("id", "root", STRUCTURE_ROOT, "extension", "1" + r.establishment().finess());
        x.text("name", r.establishment().name());
        x.empty("telecom", "value", "tel:" + phone(r.establishment().phone()), "use", "WP");
        address(x, r.establishment().address());
        x.end();
    }

    private static void person(XmlOut x, String given, String family) throws XMLStreamException {
        x.start("name");
        x.text("given", given);
        x.text("family", family);
        x.text("suffix", "DR");
        x.end();
    }

    private static void address(XmlOut x, DischargeRequest.Address a) throws XMLStreamException {
        x.start("addr");
        x.text("streetAddressLine", a.street());
        x.text("postalCode", a.postalCode());
        x.text("city", a.city());
        x.end();
    }

    /** Display name of a confidentiality code (HL7 Confidentiality, value set J08). */
    public static String confidentialityName(String code) {
        return switch (code) {
            case "R" -> "Restreint";
            case "V" -> "Très restreint";
            default -> "Normal";
        };
    }

    private static String phone(String text) {
        return text.replaceAll("[^0-9+]", "");
    }

    static String hl7(OffsetDateTime time) {
        return time.format(HL7_TIME);
    }
}
