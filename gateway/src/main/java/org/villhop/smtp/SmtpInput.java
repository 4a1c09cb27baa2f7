package org.villhop.smtp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The client's byte stream with its own buffer, shared by command lines and message data so that pipelined commands
 * after a message are not lost. Not thread-safe: one per connection.
 */
final class SmtpInput {
    private final InputStream raw;
    private final byte[] buffer = new byte[16 * 1024];
    private int pos;
    private int limit;

    SmtpInput(InputStream raw) {
        this.raw = raw;
    }

    /** Bytes readable without blocking (buffered ones only count if the socket says nothing). */
    int available() throws IOException {
        return limit - pos > 0 ? limit - pos : raw.available();
    }

    /** True when bytes already buffered would be lost by replacing this input (for STARTTLS). */
    boolean hasBuffered() {
        return pos < limit;
    }

    /** The next byte, or -1 at end of stream. */
    int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos++] & 0xff;
    }

    /**
     * Copies buffered bytes up to the next CR or LF (excluded) into {@code dst}, at most {@code len}; reads from the
     * client first when nothing is buffered and {@code mayBlock}. Returns how many were copied: 0 when the next byte
     * is CR or LF, or nothing is buffered (and blocking was not allowed, or the stream ended).
     */
    int readUntilLineEnd(byte[] dst, int off, int len, boolean mayBlock) throws IOException {
        if (pos == limit && (!mayBlock || !fill())) {
            return 0;
        }
        int end = Math.min(limit, pos + len);
        int i = pos;
        while (i < end) {
            byte c = buffer[i];
            if (c == '\r' || c == '\n') {
                break;
            }
            i++;
        }
        int n = i - pos;
        System.arraycopy(buffer, pos, dst, off, n);
        pos = i;
        return n;
    }

    /** The next byte without consuming it, or -1 at end of stream. */
    int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos] & 0xff;
    }

    /**
     * A command line without its CRLF (a bare LF also ends it), decoded as UTF-8.
     *
     * @throws LineTooLongException after consuming the whole line, when it exceeds {@code max} octets
     * @throws EOFException         when the client closes mid-line or before it
     */
    String readLine(int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int length = 0;
        while (true) {
            int b = read();
            if (b < 0) {
                throw new EOFException("connection closed by client");
            }
            length++;
            if (b == '\n') {
                break;
            }
            if (length <= max) {
                line.write(b);
            }
        }
        if (length > max) {
            throw new LineTooLongException();
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private boolean fill() throws IOException {
        int n = raw.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** A command line longer than allowed. */
    static final class LineTooLongException extends IOException {
        LineTooLongException() {
            super("line too long");
        }
    }
}
