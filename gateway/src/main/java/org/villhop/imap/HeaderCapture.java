package org.villhop.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.villhop.store.MessageParts;

/**
 * Passes a stored message's bytes through while keeping a copy of each MIME entity's header (up to a bound each), so
 * that a search which has read the message once can look at its parts' headers without opening it again.
 */
final class HeaderCapture extends FilterInputStream {

    private final List<MessageParts> parts = new ArrayList<>();
    private final List<byte[]> headers = new ArrayList<>();
    private final List<Integer> filled = new ArrayList<>();
    private long position;

    /** {@code in} gives the message's bytes from {@code start}; headers longer than {@code maxHeader} are not kept. */
    HeaderCapture(InputStream in, long start, MessageParts top, int maxHeader) {
        super(in);
        this.position = start;
        collect(top, maxHeader);
    }

    private void collect(MessageParts part, int maxHeader) {
        long length = part.bodyStart() - part.headerStart();
        if (part.headerStart() >= position && length <= maxHeader) {
            parts.add(part);
            headers.add(new byte[(int) length]);
            filled.add(0);
        }
        for (MessageParts child : part.children()) {
            collect(child, maxHeader);
        }
    }

    /** The whole header of {@code part} if it went through this stream, else null. */
    byte[] header(MessageParts part) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) == part) {
                return filled.get(i) == headers.get(i).length ? headers.get(i) : null;
            }
        }
        return null;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            keep(b, off, n);
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    private void keep(byte[] b, int off, int n) {
        long end = position + n;
        for (int i = 0; i < parts.size(); i++) {
            long from = parts.get(i).headerStart() + filled.get(i);
            long to = parts.get(i).bodyStart();
            if (from < to && from >= position && from < end) {
                int count = (int) (Math.min(to, end) - from);
                System.arraycopy(b, off + (int) (from - position), headers.get(i), filled.get(i), count);
                filled.set(i, filled.get(i) + count);
            }
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
