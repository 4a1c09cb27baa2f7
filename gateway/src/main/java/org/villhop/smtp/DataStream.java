package org.villhop.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Message data as sent after DATA, decoded on the fly: dot-unstuffed, ending at the line holding a single dot.
 *
 * <p>Line endings (RFC 5321 section 2.3.8): only CRLF is a line ending, and only CRLF "." CRLF ends the data, so a
 * bare LF or bare CR can never smuggle an end of data. A message containing a bare CR or LF is read to its end and
 * then refused ({@link BareLineEndingException}); nothing of it is stored.
 *
 * <p>Size: once more than {@code maxSize} bytes have been produced, {@link #read} throws
 * {@link MessageTooLargeException}; {@link #drain} then skips the rest up to the terminating dot.
 *
 * <p>Within a line (past its first byte) the bytes up to the next CR or LF are copied from the input's buffer in one
 * go: only line starts and line ends need the byte-by-byte decoding.
 */
final class DataStream extends InputStream {
    private final SmtpInput in;
    private final long maxSize;
    private long produced;
    private boolean lineStart = true;
    private boolean ended;
    private boolean bareLineEnding;
    private boolean oversize;
    private int pending = -1;

    DataStream(SmtpInput in, long maxSize) {
        this.in = in;
        this.maxSize = maxSize;
    }

    @Override
    public int read() throws IOException {
        int b = next();
        if (b < 0) {
            if (bareLineEnding) {
                throw new BareLineEndingException();
            }
            return -1;
        }
        if (++produced > maxSize) {
            oversize = true;
            throw new MessageTooLargeException(maxSize);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (!lineStart && pending < 0 && !ended) {
                int run = in.readUntilLineEnd(b, off + n, len - n, n == 0);
                if (run > 0) {
                    produced += run;
                    if (produced > maxSize) {
                        oversize = true;
                        throw new MessageTooLargeException(maxSize);
                    }
                    n += run;
                    continue;
                }
            }
            if (n > 0 && in.available() == 0 && pending < 0) {
                break;
            }
            int c = read();
            if (c < 0) {
                return n == 0 ? -1 : n;
            }
            b[off + n++] = (byte) c;
        }
        return n;
    }

    /** Reads and discards everything up to the terminating dot. */
    void drain() throws IOException {
        while (next() >= 0) {
            pending = -1;
        }
    }

    boolean ended() {
        return ended;
    }

    boolean oversize() {
        return oversize;
    }

    boolean bareLineEnding() {
        return bareLineEnding;
    }

    /** The next decoded byte, -1 at the end of data. */
    private int next() throws IOException {
        if (pending >= 0) {
            int b = pending;
            pending = -1;
            return b;
        }
        if (ended) {
            return -1;
        }
        int b = required();
        if (lineStart && b == '.') {
            if (in.peek() == '\r') {
                in.read();
                if (in.peek() == '\n') {
                    in.read();
                    ended = true;
                    return -1;
                }
                bareLineEnding = true;
                lineStart = false;
                return '\r';
            }
            b = required();
        }
        lineStart = false;
        if (b == '\r') {
            if (in.peek() == '\n') {
                in.read();
                pending = '\n';
                lineStart = true;
            } else {
                bareLineEnding = true;
            }
        } else if (b == '\n') {
            bareLineEnding = true;
        }
        return b;
    }

    private int required() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed during DATA");
        }
        return b;
    }

    /** The message exceeds the size limit. */
    static final class MessageTooLargeException extends IOException {
        MessageTooLargeException(long max) {
            super("message exceeds " + max + " bytes");
        }
    }

    /** The message holds a bare CR or LF. */
    static final class BareLineEndingException extends IOException {
        BareLineEndingException() {
            super("message contains a bare CR or LF");
        }
    }
}
