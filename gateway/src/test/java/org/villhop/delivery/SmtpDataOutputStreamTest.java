package org.villhop.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SmtpDataOutputStreamTest {
    private static String encode(String content) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        SmtpDataOutputStream data = new SmtpDataOutputStream(sink);
        data.write(content.getBytes(StandardCharsets.ISO_8859_1));
        data.finish();
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesStartingWithADotAreDoubled() throws IOException {
        assertEquals("a\r\n..b\r\n...\r\nc.d\r\n.\r\n", encode("a\r\n.b\r\n..\r\nc.d\r\n"));
    }

    @Test
    void bareLineFeedsAndCarriageReturnsBecomeCrlf() throws IOException {
        assertEquals("a\r\nb\r\nc\r\n\r\nd\r\n.\r\n", encode("a\nb\rc\r\n\nd"));
    }

    @Test
    void aMessageEndingWithCrGetsExactlyOneLineEnd() throws IOException {
        assertEquals("x\r\n.\r\n", encode("x\r"));
        assertEquals(".\r\n", encode(""));
    }

    @Test
    void writingByteByByteGivesTheSameAsWritingInBlocks() throws IOException {
        String content = "a\n.b\r\n..c\rd\r\r\n.\n\n.e";
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        SmtpDataOutputStream data = new SmtpDataOutputStream(sink);
        for (byte b : content.getBytes(StandardCharsets.ISO_8859_1)) {
            data.write(b);
        }
        data.finish();
        assertEquals(encode(content), sink.toString(StandardCharsets.ISO_8859_1));
        assertEquals("a\r\n..b\r\n...c\r\nd\r\n\r\n..\r\n\r\n..e\r\n.\r\n", encode(content));
    }

    @Test
    void anySplitIntoWritesGivesTheSameAsOneWrite() throws IOException {
        byte[] content = "ab\r\n.c\r\r\n\n.\r.\n\r\r..d\r\ne\r".getBytes(StandardCharsets.ISO_8859_1);
        String whole = encode(new String(content, StandardCharsets.ISO_8859_1));
        assertEquals("ab\r\n..c\r\n\r\n\r\n..\r\n..\r\n\r\n\r\n...d\r\ne\r\n.\r\n", whole);
        for (int first = 0; first <= content.length; first++) {
            for (int second = first; second <= content.length; second++) {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                SmtpDataOutputStream data = new SmtpDataOutputStream(sink);
                data.write(content, 0, first);
                data.write(content, first, second - first);
                data.write(content, second, content.length - second);
                data.finish();
                assertEquals(whole, sink.toString(StandardCharsets.ISO_8859_1), "split at " + first + ", " + second);
            }
        }
    }

    @Test
    void xtextRoundTripsAndRefusesTruncatedEscapes() {
        assertEquals("a+2Bb+3Dc+20d+C3+A9", XText.encode("a+b=c dé"));
        assertEquals("a+b=c dé", XText.decode("a+2Bb+3Dc+20d+C3+A9"));
        assertThrows(IllegalArgumentException.class, () -> XText.decode("abc+4"));
    }
}
