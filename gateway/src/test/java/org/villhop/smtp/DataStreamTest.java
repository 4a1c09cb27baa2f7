package org.villhop.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DataStreamTest {

    private static SmtpInput input(String wire) {
        return new SmtpInput(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String decode(SmtpInput in, long max) throws IOException {
        return new String(new DataStream(in, max).readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void dotsAreUnstuffedAndTheTerminatorIsNotPartOfTheMessage() throws IOException {
        SmtpInput in = input("a\r\n..b\r\n...\r\n.c.\r\n.\r\nQUIT\r\n");
        assertEquals("a\r\n.b\r\n..\r\nc.\r\n", decode(in, 1000));
        assertEquals("QUIT", in.readLine(100));
    }

    @Test
    void aLongMessageArrivingInSmallPiecesDecodesLikeByteByByteReading() throws IOException {
        StringBuilder wire = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            String line = (i % 7 == 0 ? "." : "") + "line " + i + " " + "x".repeat(i % 90);
            wire.append(line.startsWith(".") ? "." + line : line).append("\r\n");
            expected.append(line).append("\r\n");
        }
        wire.append(".\r\nQUIT\r\n");
        byte[] bytes = wire.toString().getBytes(StandardCharsets.ISO_8859_1);
        java.io.InputStream trickle = new java.io.InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 7 + pos % 13), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        SmtpInput in = new SmtpInput(trickle);
        DataStream data = new DataStream(in, 10_000_000);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = data.read(buffer, 0, buffer.length)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        assertEquals(expected.toString(), out.toString(StandardCharsets.ISO_8859_1));
        assertEquals("QUIT", in.readLine(100));
    }

    @Test
    void anEmptyMessageEndsAtAnImmediateDot() throws IOException {
        assertEquals("", decode(input(".\r\n"), 1000));
    }

    @Test
    void bareLineFeedAndBareCarriageReturnAreRefusedAtTheEndOnly() throws IOException {
        SmtpInput lf = input("a\n.\nb\r\n.\r\nNOOP\r\n");
        assertThrows(DataStream.BareLineEndingException.class, () -> decode(lf, 1000));
        assertEquals("NOOP", lf.readLine(100));
        assertThrows(DataStream.BareLineEndingException.class, () -> decode(input("a\rb\r\n.\r\n"), 1000));
    }

    @Test
    void messageBeyondTheLimitThrowsAndDrainsToTheTerminator() throws IOException {
        SmtpInput in = input("0123456789\r\n0123456789\r\n.\r\nRSET\r\n");
        DataStream data = new DataStream(in, 15);
        assertThrows(DataStream.MessageTooLargeException.class, data::readAllBytes);
        data.drain();
        assertTrue(data.oversize());
        assertEquals("RSET", in.readLine(100));
    }

    @Test
    void connectionClosedBeforeTheTerminatorIsAnError() {
        assertThrows(EOFException.class, () -> decode(input("a\r\nb\r\n"), 1000));
    }

    @Test
    void commandLinesAcceptCrlfOrLfAndRefuseOverlongLinesAfterConsumingThem() throws IOException {
        SmtpInput in = input("NOOP\nRSET\r\n" + "x".repeat(600) + "\r\nQUIT\r\n");
        assertEquals("NOOP", in.readLine(512));
        assertEquals("RSET", in.readLine(512));
        assertThrows(SmtpInput.LineTooLongException.class, () -> in.readLine(512));
        assertEquals("QUIT", in.readLine(512));
        assertThrows(EOFException.class, () -> in.readLine(512));
    }
}
