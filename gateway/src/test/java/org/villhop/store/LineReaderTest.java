package org.villhop.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LineReaderTest {

    @Test
    void linesOfAnyLengthAndEndingAreCutAsDefinedWhateverTheReadSizes() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 30; round++) {
            byte[] content = content(random);
            List<LineReader.Line> expected = expectedLines(content);
            LineReader reader = new LineReader(new ChoppyStream(content, random));
            for (LineReader.Line line : expected) {
                LineReader.Line actual = reader.next();
                assertEquals(line.start(), actual.start(), "start, round " + round);
                assertEquals(line.length(), actual.length(), "length at " + line.start());
                assertEquals(line.terminator(), actual.terminator(), "terminator at " + line.start());
                assertArrayEquals(line.head(), actual.head(), "head at " + line.start());
            }
            assertNull(reader.next());
            assertEquals(content.length, reader.offset());
        }
    }

    /** Lines of text, CR and LF in any order, some longer than what is kept, sometimes ending in a CR. */
    private static byte[] content(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 1 + random.nextInt(20);
        for (int i = 0; i < lines; i++) {
            int length = random.nextInt(10) == 0 ? LineReader.KEPT - 2 + random.nextInt(5000) : random.nextInt(100);
            for (int j = 0; j < length; j++) {
                int kind = random.nextInt(40);
                out.write(kind == 0 ? '\r' : 'a' + kind % 26);
            }
            int end = random.nextInt(4);
            if (end == 0) {
                out.write('\n');
            } else if (end < 3) {
                out.write('\r');
                out.write('\n');
            } else if (i == lines - 1) {
                out.write('\r');
            }
        }
        return out.toByteArray();
    }

    /** The definition: a line ends after LF; its terminator is CRLF or LF; its head is its first KEPT other bytes. */
    private static List<LineReader.Line> expectedLines(byte[] content) {
        List<LineReader.Line> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length) {
            int lf = start;
            while (lf < content.length && content[lf] != '\n') {
                lf++;
            }
            int end = lf < content.length ? lf + 1 : content.length;
            int terminator = lf == content.length ? 0 : lf > start && content[lf - 1] == '\r' ? 2 : 1;
            int body = end - start - terminator;
            if (terminator == 0 && body > 0 && content[end - 1] == '\r' && body <= LineReader.KEPT) {
                body--;
            }
            byte[] head = Arrays.copyOfRange(content, start, start + Math.min(body, LineReader.KEPT));
            lines.add(new LineReader.Line(head, start, end - start, terminator));
            start = end;
        }
        return lines;
    }

    /** Gives the bytes in reads of random small sizes. */
    private static final class ChoppyStream extends InputStream {
        private final byte[] content;
        private final Random random;
        private int position;

        ChoppyStream(byte[] content, Random random) {
            this.content = content;
            this.random = random;
        }

        @Override
        public int read() {
            return position < content.length ? content[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position == content.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 1 + random.nextInt(300)), content.length - position);
            System.arraycopy(content, position, target, offset, n);
            position += n;
            return n;
        }
    }
}
