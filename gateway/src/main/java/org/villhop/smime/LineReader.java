package org.villhop.smime;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a canonical stream line by line without per-byte calls; a line longer than the piece size comes in several
 * pieces, and {@link #startsLine()} tells whether the current piece begins a line.
 */
final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[Mime.BUFFER];
    private int position;
    private int limit;
    final byte[] piece = new byte[16 * 1024];
    int length;
    private boolean complete = true;
    private boolean startsLine;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next piece into {@link #piece}; false at the end of the stream. */
    boolean next() throws IOException {
        startsLine = complete;
        complete = false;
        length = 0;
        while (length < piece.length) {
            if (position == limit) {
                int n = in.read(buffer, 0, buffer.length);
                if (n <= 0) {
                    return length > 0;
                }
                position = 0;
                limit = n;
            }
            int max = Math.min(limit, position + piece.length - length);
            int i = position;
            while (i < max && buffer[i] != '\n') {
                i++;
            }
            if (i < max) {
                System.arraycopy(buffer, position, piece, length, i + 1 - position);
                length += i + 1 - position;
                position = i + 1;
                complete = true;
                return true;
            }
            System.arraycopy(buffer, position, piece, length, max - position);
            length += max - position;
            position = max;
        }
        return true;
    }

    /** True when the current piece ends with a line break. */
    boolean complete() {
        return complete;
    }

    /** True when the current piece is the start of a line. */
    boolean startsLine() {
        return startsLine;
    }

    /** The current piece without its line break. */
    int contentLength() {
        int n = length;
        if (complete && n > 0 && piece[n - 1] == '\n') {
            n--;
            if (n > 0 && piece[n - 1] == '\r') {
                n--;
            }
        }
        return n;
    }

    /** Whether the current piece is the delimiter line {@code --boundary} (0), the close {@code --boundary--} (1), or neither (-1). */
    int delimiter(byte[] dashBoundary) {
        if (!startsLine || length < dashBoundary.length) {
            return -1;
        }
        for (int i = 0; i < dashBoundary.length; i++) {
            if (piece[i] != dashBoundary[i]) {
                return -1;
            }
        }
        int end = contentLength();
        int i = dashBoundary.length;
        int kind = 0;
        if (end - i >= 2 && piece[i] == '-' && piece[i + 1] == '-') {
            kind = 1;
            i += 2;
        }
        for (; i < end; i++) {
            if (piece[i] != ' ' && piece[i] != '\t') {
                return -1;
            }
        }
        return kind;
    }
}
