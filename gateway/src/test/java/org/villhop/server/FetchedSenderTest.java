package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FetchedSenderTest {
    private static String senderOf(String headers) throws IOException {
        return FetchedSender.of(new ByteArrayInputStream((headers + "\r\nbody\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theReturnPathIsTheSenderThenTheFromThenTheNullSender() throws IOException {
        assertEquals("bounces@labo.mssante.test", senderOf("Return-Path: <bounces@labo.mssante.test>\r\n"
                + "From: Dr Martin <dr.martin@medecins.mssante.test>\r\n"));
        assertEquals("dr.martin@medecins.mssante.test", senderOf("From: \"Martin, Dr\" <dr.martin@medecins.mssante.test>\r\n"));
        assertEquals("dr.martin@medecins.mssante.test", senderOf("Return-Path: <not an address>\r\n"
                + "From: dr.martin@medecins.mssante.test\r\n"));
        assertEquals("", senderOf("Return-Path: <>\r\nFrom: MAILER-DAEMON@labo.mssante.test\r\n"),
                "a bounce keeps the null sender");
        assertEquals("", senderOf("From: undisclosed\r\nSubject: x\r\n"));
        assertEquals("", senderOf("Subject: nothing\r\n"));
    }
}
