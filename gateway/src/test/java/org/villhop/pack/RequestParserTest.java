package org.villhop.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.villhop.pack.request.RequestProblem;
import org.villhop.pack.request.RequestVerdict;

class RequestParserTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDocumentedExampleIsValid() {
        RequestVerdict verdict = SamplePack.parser().parse(SamplePack.exampleJson());
        RequestVerdict.Valid valid = assertInstanceOf(RequestVerdict.Valid.class, verdict);
        assertEquals("SEJ-2026-004711", valid.request().packId());
        assertEquals(3, valid.request().letter().treatmentsAtDischarge().size());
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsJsonPath() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        ObjectNode letter = (ObjectNode) root.get("letter");
        letter.set("treatmentsAtDischarge", json.createArrayNode());
        letter.set("followUp", json.createArrayNode());
        ((ObjectNode) root.at("/patient/ins")).put("matricule", "279035121518988");
        ((ObjectNode) root.get("stay")).put("exitDate", "2026-11-10T10:00:00+01:00");
        ((ObjectNode) root.get("hospitalDoctor")).remove("rpps");
        ((ObjectNode) root.at("/prescriptions/medicines/items/0")).remove("duration");
        root.put("surprise", true);

        List<String> paths = problems(root).stream().map(RequestProblem::path).toList();

        assertTrue(paths.containsAll(List.of("$.letter.treatmentsAtDischarge", "$.letter.followUp",
                "$.patient.ins.matricule", "$.stay.exitDate", "$.hospitalDoctor",
                "$.prescriptions.medicines.items[0]", "$")), paths.toString());
    }

    @Test
    void aDischargeTreatmentWithoutDoseIsNamed() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        ((ObjectNode) root.at("/letter/treatmentsAtDischarge/1")).remove("dose");
        List<RequestProblem> problems = problems(root);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("$.letter.treatmentsAtDischarge[1]", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("dose"), problems.get(0).message());
    }

    @Test
    void anExplicitNoTreatmentStatementSatisfiesTheDischargeTreatmentRule() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        ObjectNode letter = (ObjectNode) root.get("letter");
        letter.set("treatmentsAtDischarge", json.createArrayNode());
        letter.put("noTreatmentAtDischarge", true);
        assertInstanceOf(RequestVerdict.Valid.class, SamplePack.parser().parse(json.writeValueAsBytes(root)));
    }

    @Test
    void sexAndBirthDateMustAgreeWithTheInsMatricule() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        ObjectNode patient = (ObjectNode) root.get("patient");
        patient.put("sex", "M");
        patient.put("birthDate", "1980-03-21");
        List<String> paths = problems(root).stream().map(RequestProblem::path).toList();
        assertEquals(List.of("$.patient.birthDate", "$.patient.sex"), paths);
    }

    @Test
    void aCorrectionMustNameTheFirstMessage() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        root.put("version", 2);
        assertEquals(List.of("$.replacesMessageId"), problems(root).stream().map(RequestProblem::path).toList());
    }

    @Test
    void brokenJsonIsReportedWithItsPosition() {
        RequestVerdict verdict = SamplePack.parser().parse("{\"format\": ".getBytes(StandardCharsets.UTF_8));
        RequestProblem problem = assertInstanceOf(RequestVerdict.Invalid.class, verdict).problems().get(0);
        assertEquals("$", problem.path());
        assertTrue(problem.message().startsWith("not valid JSON (line 1"), problem.message());
    }

    @Test
    void aCorsicanMatriculeKeyIsComputedWithTheSubstitution() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(SamplePack.exampleJson());
        // 1 80 05 2A 004 123 + key: 1800519004123 - 1000000 = 1800518004123, mod 97 → key
        long key = 97 - (1800518004123L % 97);
        ((ObjectNode) root.at("/patient/ins")).put("matricule", String.format("180052A004123%02d", key));
        ObjectNode patient = (ObjectNode) root.get("patient");
        patient.put("sex", "M");
        patient.put("birthDate", "1980-05-02");
        assertEquals(List.of(), problems(root));
    }

    private List<RequestProblem> problems(ObjectNode root) throws Exception {
        RequestVerdict verdict = SamplePack.parser().parse(json.writeValueAsBytes(root));
        if (verdict instanceof RequestVerdict.Invalid invalid) {
            return invalid.problems();
        }
        return List.of();
    }
}
