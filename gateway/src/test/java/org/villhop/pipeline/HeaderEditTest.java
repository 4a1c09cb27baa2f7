package org.villhop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class HeaderEditTest {
    private static String edit(String message, List<String> remove, List<String> add) throws Exception {
        return new String(HeaderEdit.edited(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)),
                remove, add).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void removesEveryCopyOfTheFieldWithItsContinuationLinesAndPutsTheNewOneFirst() throws Exception {
        String message = "X-Villhop-SMIME-Status: valid;\r\n forged on two lines\r\nFrom: a@b\r\n"
                + "x-villhop-smime-status : valid again\r\nSubject: s\r\n\r\nX-Villhop-SMIME-Status: in the body\r\n";
        assertEquals("X-Villhop-SMIME-Status: ours\r\nFrom: a@b\r\nSubject: s\r\n\r\n"
                        + "X-Villhop-SMIME-Status: in the body\r\n",
                edit(message, List.of("X-Villhop-SMIME-Status"), List.of("X-Villhop-SMIME-Status: ours")));
    }

    @Test
    void aMessageWithoutBodyKeepsItsHeaders() throws Exception {
        assertEquals("A: 1\r\nFrom: a@b\r\n", edit("From: a@b\r\n", List.of("X"), List.of("A: 1")));
    }

    @Test
    void fieldsThatOnlyStartWithTheSameNameStay() throws Exception {
        assertEquals("X-Villhop-Security-Extra: kept\r\n\r\nbody",
                edit("X-Villhop-Security: gone\r\nX-Villhop-Security-Extra: kept\r\n\r\nbody",
                        List.of("X-Villhop-Security"), List.of()));
    }
}
