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
        int end = off + len;
        int i = off;
        while (i < end) {
            if (pendingCr || atLineStart) {
                write(b[i++] & 0xff);
                continue;
            }
            int run = i;
            while (i < end && b[i] != '\r' && b[i] != '\n') {
                i++;
            }
            if (i > run) {
                out.write(b, run, i - run);
            }
            if (i < end) {
                write(b[i++] & 0xff);
            }
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
