package org.villhop.pack.request;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One patient's discharge, as submitted by the secretariat or the DPI (format {@code villhop-discharge/1}, see
 * {@code docs/discharge-request.md}). Built only by {@link RequestParser} after validation, so every mandatory field is
 * present; optional fields are {@code null} (or empty lists) when absent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DischargeRequest(
        String format,
        String packId,
        Integer version,
        String replacesMessageId,
        Boolean integrationReceipt,
        Boolean patientMayReply,
        String confidentiality,
        Patient patient,
        Stay stay,
        Doctor hospitalDoctor,
        Establishment establishment,
        Recipient gp,
        List<Recipient> otherRecipients,
        Letter letter,
        Prescriptions prescriptions,
        List<Attachment> attachments) {

    public DischargeRequest {
        version = version == null ? 1 : version;
        integrationReceipt = integrationReceipt != null && integrationReceipt;
        patientMayReply = patientMayReply != null && patientMayReply;
        confidentiality = confidentiality == null ? "N" : confidentiality;
        otherRecipients = otherRecipients == null ? List.of() : List.copyOf(otherRecipients);
        prescriptions = prescriptions == null ? new Prescriptions(null, null, null, null) : prescriptions;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** True when this request corrects an earlier sending (version 2 and later). */
    public boolean isCorrection() {
        return version > 1;
    }

    public record Ins(String matricule, String oid, boolean qualified) {
    }

    public record Address(String street, String postalCode, String city) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Patient(Ins ins, String birthName, String birthGivenNames, String usedGivenName,
                          String usedFamilyName, String birthDate, String sex, String birthplaceInsee, String localId,
                          boolean monEspaceSanteOpposition, Address address) {
        /** The first birth given name: what the subject line and the documents' headings show. */
        public String firstGivenName() {
            return usedGivenName != null ? usedGivenName : birthGivenNames.trim().split("\\s+")[0];
        }
    }

    public record Stay(String service, String serviceCode, String servicePhone, String serviceEmail,
                       String entryDate, String entryMode, String exitDate, String exitMode, String reason) {
    }

    public record Doctor(String rpps, String familyName, String givenName, String speciality, String specialityCode,
                         String phone) {
    }

    public record Establishment(String name, String finess, Address address, String phone) {
    }

    public record Recipient(String name, String rpps, String mssante) {
    }

    public record Letter(String summary, List<String> events, String multiResistantOrganisms, String bloodProducts,
                         String implantedDevices, List<Treatment> treatmentsAtDischarge,
                         List<StoppedTreatment> treatmentsStopped, Boolean noTreatmentAtDischarge,
                         List<String> pendingResults, List<FollowUp> followUp, Boolean handedToPatient) {
        public Letter {
            events = events == null ? List.of() : List.copyOf(events);
            treatmentsAtDischarge = treatmentsAtDischarge == null ? List.of() : List.copyOf(treatmentsAtDischarge);
            treatmentsStopped = treatmentsStopped == null ? List.of() : List.copyOf(treatmentsStopped);
            pendingResults = pendingResults == null ? List.of() : List.copyOf(pendingResults);
            followUp = followUp == null ? List.of() : List.copyOf(followUp);
        }
    }

    public record Treatment(String medicine, String dose, String duration, String status) {
    }

    public record StoppedTreatment(String medicine, String reason) {
    }

    public record FollowUp(String description, String date) {
    }

    public record Prescriptions(Medicines medicines, Nursing nursing, Transport transport, SickLeave sickLeave) {
    }

    public record Medicines(String ePrescriptionNumber, List<MedicineItem> items) {
    }

    public record MedicineItem(String dci, String strength, String form, String dose, String duration, int renewals) {
    }

    public record Nursing(boolean atHome, Boolean sundaysAndHolidays, List<NursingAct> acts) {
    }

    public record NursingAct(String act, String frequency, String duration) {
    }

    public record Transport(String mode, String justification, String from, String to, String date) {
    }

    public record SickLeave(String from, String to, boolean exitsAllowed, String exitHours) {
    }

    public record Attachment(String fileName, String description) {
    }
}
