package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackCommandTest {

    private static final Path EXAMPLE = Path.of("../docs/examples/sortie-example.sortie.json");

    @TempDir
    Path dir;

    @Test
    void validateAcceptsTheDocumentedExample() {
        VillhopCommandTest.Run run = VillhopCommandTest.run("pack", "validate", EXAMPLE.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("valid: "), run.out());
    }

    @Test
    void validateListsEveryProblemWithItsPathAndExitsOne() throws Exception {
        Path bad = dir.resolve("bad.sortie.json");
        Files.writeString(bad, Files.readString(EXAMPLE)
                .replace("\"rpps\": \"10101234567\"", "\"rpps\": \"1010\"")
                .replace("\"sex\": \"F\"", "\"sex\": \"X\""));
        VillhopCommandTest.Run run = VillhopCommandTest.run("pack", "validate", bad.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("$.hospitalDoctor.rpps: "), run.err());
        assertTrue(run.err().contains("$.patient.sex: "), run.err());
        assertTrue(run.err().contains("villhop: " + bad + " is not a valid discharge request: 2 problem(s)"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void renderWritesThePdfsTheCdasAndTheArchive() throws Exception {
        Path out = dir.resolve("out");
        VillhopCommandTest.Run run = VillhopCommandTest.run("pack", "render", EXAMPLE.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        try (var files = Files.list(out)) {
            assertEquals(List.of("IHE_XDM.ZIP", "arret-de-travail-information.pdf", "lettre-de-liaison.cda.xml",
                    "lettre-de-liaison.pdf", "ordonnance.cda.xml", "ordonnance.pdf", "soins-infirmiers.cda.xml",
                    "soins-infirmiers.pdf", "transport.cda.xml", "transport.pdf"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(10, run.out().lines().filter(l -> l.startsWith("wrote ")).count(), run.out());
    }

    @Test
    void anAdministratorTemplateWithAnUnknownVariableFailsClearly() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("transport.peb"), "{% extends \"layout\" %}{% block content %}"
                + "<p>{{ r.prescriptions.transport.noSuchField }}</p>{% endblock %}");
        VillhopCommandTest.Run run = VillhopCommandTest.run("pack", "render", EXAMPLE.toString(),
                "--out", dir.resolve("out").toString(), "--templates", templates.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("villhop: template transport.peb: "), run.err());
        assertTrue(run.err().contains("noSuchField"), run.err());
    }
}
