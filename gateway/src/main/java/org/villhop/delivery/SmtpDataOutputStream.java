package org.villhop.delivery;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes message content as the SMTP DATA phase wants it, on the fly: every line ending becomes CRLF (bare CR and bare
 * LF included), a line starting with "." gets a second "." (RFC 5321 4.5.2), and {@link #finish()} ends the last line
 * and writes the terminating ".". Does not close the underlying stream.
 */
final class SmtpDataOutputStream extends FilterOutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LF = {'\n'};
    private final byte[] single = new byte[1];
    private boolean atLineStart = true;
    /** The last byte written was a CR whose line end is not complete yet. */
    private boolean afterCr;

    SmtpDataOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        single[0] = (byte) b;
        write(single, 0, 1);
    }

    /**
     * Passes runs of bytes through in one write each: content that already has CRLF line ends (all the gateway
     * produces) is only scanned, and interrupted for a line starting with "." or a bare CR or LF. Between line ends
     * the scan looks for CR and LF only (the state lives in locals, written back once per call).
     */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int run = off;
        int i = off;
        boolean lineStart = atLineStart;
        boolean cr = afterCr;
        while (i < end) {
            if (cr) {
                cr = false;
                if (b[i] == '\n') {
                    i++;
                    lineStart = true;
                    continue;
                }
                out.write(b, run, i - run);
                out.write(LF, 0, 1);
                run = i;
                lineStart = true;
            }
            if (lineStart) {
                lineStart = false;
                if (b[i] == '.') {
                    out.write(b, run, i - run);
                    out.write('.');
                    run = i;
                }
            }
            byte c = 0;
            while (i < end) {
                c = b[i];
                if (c == '\r' || c == '\n') {
                    break;
                }
                i++;
            }
            if (i == end) {
                break;
            }
            if (c == '\r') {
                cr = true;
                i++;
            } else {
                out.write(b, run, i - run);
                out.write(CRLF, 0, 2);
                i++;
                run = i;
                lineStart = true;
            }
        }
        if (end > run) {
            out.write(b, run, end - run);
        }
        atLineStart = lineStart;
        afterCr = cr;
    }

    /** Ends the content: completes the last line and writes ".\r\n". */
    void finish() throws IOException {
        if (afterCr) {
            afterCr = false;
            out.write(LF, 0, 1);
            atLineStart = true;
        }
        if (!atLineStart) {
            out.write(CRLF, 0, 2);
        }
        out.write(new byte[] {'.', '\r', '\n'});
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
