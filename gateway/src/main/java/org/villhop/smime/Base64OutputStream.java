package org.villhop.smime;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;

/**
 * Encodes to MIME base64 (76-character lines, CRLF) in large blocks, so that the JDK's vectorised encoder works on
 * tens of kilobytes at a time instead of one line; {@link #close()} ends the last line and leaves the target open.
 */
final class Base64OutputStream extends OutputStream {
    private static final int LINE = 76;
    private static final int LINES_PER_BLOCK = 256;
    private static final int BLOCK = LINE / 4 * 3 * LINES_PER_BLOCK;

    private final OutputStream out;
    private final byte[] pending = new byte[BLOCK];
    private final byte[] encoded = new byte[LINE * LINES_PER_BLOCK];
    private final byte[] lines = new byte[(LINE + 2) * LINES_PER_BLOCK];
    private int count;
    private boolean anyLine;

    Base64OutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        pending[count++] = (byte) b;
        if (count == BLOCK) {
            encodePending();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, BLOCK - count);
            System.arraycopy(bytes, offset, pending, count, n);
            count += n;
            offset += n;
            length -= n;
            if (count == BLOCK) {
                encodePending();
            }
        }
    }

    private void encodePending() throws IOException {
        if (count == 0) {
            return;
        }
        byte[] source = count == BLOCK ? pending : java.util.Arrays.copyOf(pending, count);
        int chars = Base64.getEncoder().encode(source, encoded);
        int written = 0;
        for (int start = 0; start < chars; start += LINE) {
            int n = Math.min(LINE, chars - start);
            System.arraycopy(encoded, start, lines, written, n);
            written += n;
            lines[written++] = '\r';
            lines[written++] = '\n';
        }
        out.write(lines, 0, written);
        anyLine = true;
        count = 0;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Encodes what is left (the last line gets its CRLF) and flushes; the target stays open. */
    @Override
    public void close() throws IOException {
        encodePending();
        if (!anyLine) {
            out.write(Mime.CRLF);
        }
        out.flush();
    }
}
