package org.villhop.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads lines of bytes with their offsets, keeping at most the first {@link #KEPT} bytes of each line. */
final class LineReader {

    static final int KEPT = 16 * 1024;

    /** A line: its first bytes without terminator, where it starts, its full length and its terminator's length. */
    record Line(byte[] head, long start, long length, int terminator) {
        boolean blank() {
            return length == terminator;
        }

        long end() {
            return start + length;
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long offset;

    LineReader(InputStream in) {
        this.in = in;
    }

    long offset() {
        return offset;
    }

    Line next() throws IOException {
        long start = offset;
        byte[] head = new byte[128];
        int kept = 0;
        boolean sawCr = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (offset == start) {
                        return null;
                    }
                    return new Line(Arrays.copyOf(head, kept), start, offset - start, 0);
                }
            }
            byte b = buffer[position++];
            offset++;
            if (b == '\n') {
                int terminator = sawCr ? 2 : 1;
                return new Line(Arrays.copyOf(head, kept), start, offset - start, terminator);
            }
            if (sawCr && kept < KEPT) {
                head = append(head, kept++, (byte) '\r');
            }
            sawCr = b == '\r';
            if (!sawCr && kept < KEPT) {
                head = append(head, kept++, b);
            }
        }
    }

    private static byte[] append(byte[] head, int at, byte b) {
        byte[] target = at == head.length ? Arrays.copyOf(head, head.length * 2) : head;
        target[at] = b;
        return target;
    }
}
