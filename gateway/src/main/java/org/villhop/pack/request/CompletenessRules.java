package org.villhop.pack.request;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules a JSON Schema cannot express and that make a discharge letter complete and its identity coherent: a
 * discharge treatment list (or the explicit statement that there is none), a follow-up plan (the weak points of the
 * national QLS indicator), the INS key and its agreement with the traits, dates in a sensible order, a correction that
 * names the message it corrects. Works on the raw JSON tree so that it runs even when the schema found problems.
 */
public final class CompletenessRules {

    private static final Set<String> NIR_OIDS = Set.of("1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.10");

    private final Clock clock;

    public CompletenessRules(Clock clock) {
        this.clock = clock;
    }

    public List<RequestProblem> check(JsonNode root) {
        List<RequestProblem> problems = new ArrayList<>();
        checkLetter(root.path("letter"), problems);
        checkIdentity(root.path("patient"), problems);
        checkDates(root, problems);
        if (root.path("version").asInt(1) > 1 && !root.hasNonNull("replacesMessageId")) {
            problems.add(new RequestProblem("$.replacesMessageId",
                    "a correction (version > 1) must name the Message-ID of the first sending"));
        }
        return problems;
    }

    /** An absent list is the schema's to report; an empty one is this rule's. */
    private static void checkLetter(JsonNode letter, List<RequestProblem> problems) {
        if (!letter.isObject()) {
            return;
        }
        boolean none = letter.path("noTreatmentAtDischarge").asBoolean(false);
        int treatments = letter.path("treatmentsAtDischarge").size();
        if (letter.has("treatmentsAtDischarge") && treatments == 0 && !none) {
            problems.add(new RequestProblem("$.letter.treatmentsAtDischarge",
                    "the treatments at discharge (with dose and duration) are missing; set noTreatmentAtDischarge to "
                            + "true if the patient leaves without any"));
        }
        if (treatments > 0 && none) {
            problems.add(new RequestProblem("$.letter.noTreatmentAtDischarge",
                    "says there is no treatment at discharge but treatmentsAtDischarge lists " + treatments));
        }
        if (letter.has("followUp") && letter.path("followUp").size() == 0) {
            problems.add(new RequestProblem("$.letter.followUp",
                    "the follow-up plan (appointments, surveillance, arrangements) is missing"));
        }
    }

    private static void checkIdentity(JsonNode patient, List<RequestProblem> problems) {
        String matricule = patient.path("ins").path("matricule").asText("");
        String oid = patient.path("ins").path("oid").asText("");
        if (!matricule.matches("[12378][0-9]{4}(2A|2B|[0-9]{2})[0-9]{8}")) {
            return;
        }
        if (!NirKey.isValid(matricule)) {
            problems.add(new RequestProblem("$.patient.ins.matricule",
                    "the control key (last two digits) does not match the first 13 characters"));
        }
        if (!NIR_OIDS.contains(oid)) {
            return;
        }
        String sex = patient.path("sex").asText("");
        char sexDigit = matricule.charAt(0);
        if ((sexDigit == '1' && sex.equals("F")) || (sexDigit == '2' && sex.equals("M"))) {
            problems.add(new RequestProblem("$.patient.sex",
                    "does not agree with the INS matricule (first digit " + sexDigit + ")"));
        }
        LocalDate birth = date(patient.path("birthDate"));
        if (birth != null) {
            String yy = matricule.substring(1, 3);
            int month = Integer.parseInt(matricule.substring(3, 5));
            boolean yearAgrees = String.format("%02d", birth.getYear() % 100).equals(yy);
            boolean monthAgrees = month < 1 || month > 12 || month == birth.getMonthValue();
            if (!yearAgrees || !monthAgrees) {
                problems.add(new RequestProblem("$.patient.birthDate",
                        "does not agree with the year and month carried by the INS matricule"));
            }
        }
    }

    private void checkDates(JsonNode root, List<RequestProblem> problems) {
        LocalDate birth = date(root.path("patient").path("birthDate"));
        OffsetDateTime entry = dateTime(root.path("stay").path("entryDate"));
        OffsetDateTime exit = dateTime(root.path("stay").path("exitDate"));
        LocalDate today = LocalDate.now(clock);
        if (birth != null && birth.isAfter(today)) {
            problems.add(new RequestProblem("$.patient.birthDate", "is in the future"));
        }
        if (birth != null && entry != null && entry.toLocalDate().isBefore(birth)) {
            problems.add(new RequestProblem("$.stay.entryDate", "is before the patient's birth date"));
        }
        if (entry != null && exit != null && exit.isBefore(entry)) {
            problems.add(new RequestProblem("$.stay.exitDate", "is before the entry date"));
        }
        if (exit != null && exit.toLocalDate().isAfter(today.plusDays(1))) {
            problems.add(new RequestProblem("$.stay.exitDate", "is more than a day in the future"));
        }
        JsonNode sickLeave = root.path("prescriptions").path("sickLeave");
        LocalDate from = date(sickLeave.path("from"));
        LocalDate to = date(sickLeave.path("to"));
        if (from != null && to != null && to.isBefore(from)) {
            problems.add(new RequestProblem("$.prescriptions.sickLeave.to", "is before the start of the sick leave"));
        }
        LocalDate transport = date(root.path("prescriptions").path("transport").path("date"));
        if (transport != null && entry != null && transport.isBefore(entry.toLocalDate())) {
            problems.add(new RequestProblem("$.prescriptions.transport.date", "is before the entry date"));
        }
        JsonNode followUp = root.path("letter").path("followUp");
        for (int i = 0; i < followUp.size(); i++) {
            LocalDate when = date(followUp.get(i).path("date"));
            if (when != null && exit != null && when.isBefore(exit.toLocalDate())) {
                problems.add(new RequestProblem("$.letter.followUp[" + i + "].date", "is before the exit date"));
            }
        }
    }

    private static LocalDate date(JsonNode node) {
        try {
            return node.isTextual() ? LocalDate.parse(node.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static OffsetDateTime dateTime(JsonNode node) {
        try {
            return node.isTextual() ? OffsetDateTime.parse(node.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
