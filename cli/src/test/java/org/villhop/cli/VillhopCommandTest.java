package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class VillhopCommandTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Villhop.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommandGroupsAndExitsZero() {
        Run run = run("--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("Usage: villhop"), run.out());
    }

    @Test
    void unknownOptionExitsTwoWithOneLineReasonAndNoStackTrace() {
        Run run = run("--no-such-option");
        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().startsWith("villhop: Unknown option: '--no-such-option'"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void versionNamesTheProduct() {
        Run run = run("--version");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("villhop "), run.out());
    }
}
