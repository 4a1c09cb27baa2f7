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
    /** The kept head of the line being read. */
    private final byte[] head = new byte[KEPT];
    private int position;
    private int limit;
    private long offset;
    /** The terminator length of the last line {@link #skipLinesNotStartingWith} skipped. */
    private int skippedTerminator;

    LineReader(InputStream in) {
        this.in = in;
    }

    long offset() {
        return offset;
    }

    /** The next line, or null at the end; a line's bytes are found by scanning the buffer, then copied in bulk. */
    Line next() throws IOException {
        long start = offset;
        int kept = 0;
        boolean lastWasCr = false;
        while (true) {
            if (position == limit && !refill()) {
                if (offset == start) {
                    return null;
                }
                if (lastWasCr && kept == offset - start) {
                    kept--; // a CR ending the input is not part of the kept head
                }
                return new Line(Arrays.copyOf(head, kept), start, offset - start, 0);
            }
            int from = position;
            int lineFeed = lineFeedFrom(from);
            int copied = Math.min(lineFeed - from, KEPT - kept);
            System.arraycopy(buffer, from, head, kept, copied);
            kept += copied;
            if (lineFeed > from) {
                lastWasCr = buffer[lineFeed - 1] == '\r';
            }
            if (lineFeed == limit) {
                offset += limit - from;
                position = limit;
                continue;
            }
            position = lineFeed + 1;
            offset += position - from;
            long length = offset - start;
            int terminator = lastWasCr ? 2 : 1;
            kept = (int) Math.min(kept, length - terminator);
            return new Line(Arrays.copyOf(head, kept), start, length, terminator);
        }
    }

    /**
     * Consumes whole lines up to the first that starts with {@code first} (a byte value, or -1 for none: to the end),
     * without copying them: that line, if any, is left to {@link #next}. Must be called at the start of a line.
     *
     * @return how many lines were skipped; {@link #skippedTerminator()} is the last one's terminator length
     */
    long skipLinesNotStartingWith(int first) throws IOException {
        long skipped = 0;
        boolean inLine = false;
        boolean lastWasCr = false;
        while (true) {
            if (position == limit && !refill()) {
                if (inLine) {
                    skipped++;
                    skippedTerminator = 0;
                }
                return skipped;
            }
            if (!inLine && (buffer[position] & 0xff) == first) {
                return skipped;
            }
            int from = position;
            int lineFeed = lineFeedFrom(from);
            if (lineFeed > from) {
                lastWasCr = buffer[lineFeed - 1] == '\r';
            }
            if (lineFeed == limit) {
                offset += limit - from;
                position = limit;
                inLine = true;
                continue;
            }
            position = lineFeed + 1;
            offset += position - from;
            skipped++;
            skippedTerminator = lastWasCr ? 2 : 1;
            inLine = false;
            lastWasCr = false;
        }
    }

    int skippedTerminator() {
        return skippedTerminator;
    }

    /** Reads the next bufferful; false at the end of the input. */
    private boolean refill() throws IOException {
        limit = Math.max(in.read(buffer), 0);
        position = 0;
        return limit > 0;
    }

    /** The index of the next LF in the buffer from {@code from}, or {@code limit} when there is none. */
    private int lineFeedFrom(int from) {
        int lineFeed = from;
        while (lineFeed < limit && buffer[lineFeed] != '\n') {
            lineFeed++;
        }
        return lineFeed;
    }
}
