package org.villhop.smime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Gives the canonical form of mail text: every bare LF becomes CRLF; CRLF pairs and all other bytes pass unchanged. */
final class CanonicalInputStream extends FilterInputStream {
    private final byte[] buffer = new byte[Mime.BUFFER];
    private int position;
    private int limit;
    private boolean previousWasCr;
    private boolean pendingLf;

    CanonicalInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int written = 0;
        if (pendingLf) {
            target[offset + written++] = '\n';
            pendingLf = false;
            previousWasCr = false;
        }
        while (written < length) {
            if (position == limit) {
                if (written > 0) {
                    break;
                }
                int n = in.read(buffer, 0, buffer.length);
                if (n <= 0) {
                    break;
                }
                position = 0;
                limit = n;
            }
            int end = Math.min(limit, position + (length - written));
            int lf = position;
            while (lf < end && buffer[lf] != '\n') {
                lf++;
            }
            if (lf > position) {
                System.arraycopy(buffer, position, target, offset + written, lf - position);
                written += lf - position;
                previousWasCr = buffer[lf - 1] == '\r';
                position = lf;
            }
            if (lf < end) {
                position++;
                if (!previousWasCr) {
                    target[offset + written++] = '\r';
                    if (written == length) {
                        pendingLf = true;
                        return written;
                    }
                }
                target[offset + written++] = '\n';
                previousWasCr = false;
            }
        }
        return written == 0 ? -1 : written;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() {
        return limit - position + (pendingLf ? 1 : 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
