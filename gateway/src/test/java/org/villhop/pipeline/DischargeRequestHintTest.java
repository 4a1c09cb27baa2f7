package org.villhop.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DischargeRequestHintTest {

    private static boolean may(String message) throws IOException {
        return DischargeRequestHint.mayCarryRequest(
                new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPlainTextMessageCarriesNoRequest() throws IOException {
        assertFalse(may("From: a@b.test\r\nTo: c@d.test\r\nSubject: hello\r\n\r\nbody\r\n"));
        assertFalse(may("From: a@b.test\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n"));
        assertFalse(may("From: a@b.test\nSubject: bare line ends\n\nbody\n"));
        assertFalse(may("From: a@b.test\r\nSubject: no body at all"));
    }

    @Test
    void multipartMessagesAndRequestsThemselvesMayCarryOne() throws IOException {
        assertTrue(may("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\nhi\r\n--x--\r\n"));
        assertTrue(may("Content-Type: MULTIPART/Mixed;\r\n boundary=\"x\"\r\n\r\n--x--\r\n"));
        assertTrue(may("Content-Type: application/vnd.villhop.discharge+json\r\n\r\n{}\r\n"));
        assertTrue(may("Content-Type: application/json\r\nContent-Disposition: attachment;\r\n"
                + " filename=\"dupont.SORTIE.json\"\r\n\r\n{}\r\n"));
    }

    @Test
    void aHugeHeaderSectionLeavesTheDecisionToTheComposer() throws IOException {
        String field = "X-Padding: " + "a".repeat(998) + "\r\n";
        assertTrue(may(field.repeat(300) + "\r\nbody\r\n"));
    }
}
