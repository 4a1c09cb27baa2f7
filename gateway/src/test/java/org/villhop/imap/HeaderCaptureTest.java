package org.villhop.imap;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.villhop.store.MessageParts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HeaderCaptureTest {

    private static final String TOP = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
    private static final String FIRST = "Content-Type: text/plain\r\n\r\n";
    private static final String SECOND = "Content-Type: text/plain; charset=iso-8859-1\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    private static final String MESSAGE = TOP + "--b\r\n" + FIRST + "one\r\n--b\r\n" + SECOND + "caf=E9\r\n--b--\r\n";

    @Test
    void keepsEachPartsHeaderWhateverTheReadSizes() throws IOException {
        MessageParts top = parts();
        for (int chunk : new int[] {1, 3, 17, 4096}) {
            HeaderCapture capture = new HeaderCapture(new Trickle(bytes(MESSAGE), chunk), 0, top, 1024);
            capture.readAllBytes();
            assertEquals(TOP, text(capture.header(top)), "read " + chunk + " bytes at a time");
            assertEquals(FIRST, text(capture.header(top.children().get(0))));
            assertEquals(SECOND, text(capture.header(top.children().get(1))));
        }
    }

    @Test
    void aHeaderNotReadWholeOrTooLongIsNotKept() throws IOException {
        MessageParts top = parts();
        int secondHeader = MESSAGE.indexOf(SECOND);
        HeaderCapture partial = new HeaderCapture(new ByteArrayInputStream(bytes(MESSAGE)), 0, top, 1024);
        partial.readNBytes(secondHeader + 5);
        assertNull(partial.header(top.children().get(1)), "only 5 bytes of the second header went through");
        HeaderCapture fromBody = new HeaderCapture(
                new ByteArrayInputStream(bytes(MESSAGE.substring(TOP.length()))), TOP.length(), top, 1024);
        fromBody.readAllBytes();
        assertNull(fromBody.header(top), "the top header was not in the stream");
        assertEquals(FIRST, text(fromBody.header(top.children().get(0))));
        HeaderCapture bounded = new HeaderCapture(new ByteArrayInputStream(bytes(MESSAGE)), 0, top, 40);
        bounded.readAllBytes();
        assertNull(bounded.header(top.children().get(1)), "longer than the bound");
        assertEquals(FIRST, text(bounded.header(top.children().get(0))));
    }

    private static MessageParts parts() {
        int first = MESSAGE.indexOf(FIRST);
        int second = MESSAGE.indexOf(SECOND);
        MessageParts one = new MessageParts(first, first + FIRST.length(), MESSAGE.indexOf("\r\n--b\r\n", first),
                MessageParts.Kind.LEAF, List.of());
        MessageParts two = new MessageParts(second, second + SECOND.length(), MESSAGE.indexOf("\r\n--b--"),
                MessageParts.Kind.LEAF, List.of());
        return new MessageParts(0, TOP.length(), MESSAGE.length(), MessageParts.Kind.MULTIPART, List.of(one, two));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Gives at most {@code chunk} bytes per read. */
    private static final class Trickle extends FilterInputStream {
        private final int chunk;

        Trickle(byte[] content, int chunk) {
            super(new ByteArrayInputStream(content));
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
