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
    private boolean atLineStart = true;
    private boolean pendingCr;

    SmtpDataOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (pendingCr) {
            pendingCr = false;
            writeLineEnd();
            if (b == '\n') {
                return;
            }
        }
        if (b == '\r') {
            pendingCr = true;
        } else if (b == '\n') {
            writeLineEnd();
        } else {
            if (atLineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            atLineStart = false;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int run = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xff;
            if (pendingCr || c == '\r' || c == '\n' || (atLineStart && c == '.')) {
                if (i > run) {
                    out.write(b, run, i - run);
                }
                write(c);
                run = i + 1;
            } else {
                atLineStart = false;
            }
        }
        if (end > run) {
            out.write(b, run, end - run);
        }
    }

    private void writeLineEnd() throws IOException {
        out.write(CRLF, 0, 2);
        atLineStart = true;
    }

    /** Ends the content: completes the last line and writes ".\r\n". */
    void finish() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            writeLineEnd();
        }
        if (!atLineStart) {
            writeLineEnd();
        }
        out.write(new byte[] {'.', '\r', '\n'});
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
