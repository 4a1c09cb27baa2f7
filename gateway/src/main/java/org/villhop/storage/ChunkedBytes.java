package org.villhop.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes kept in memory as a list of fixed-size chunks: growing never copies what was written, and reading gives the
 * chunks themselves (unlike {@code ByteArrayOutputStream}, which copies on each doubling and again in
 * {@code toByteArray}). Not thread-safe; read only once writing is over. Pipeline stage outputs and the S/MIME
 * opener's spill buffer keep their in-memory part in it.
 */
public final class ChunkedBytes {
    private static final int CHUNK = 32 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private int lastLength = CHUNK;
    private long size;

    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (lastLength == CHUNK) {
                chunks.add(new byte[CHUNK]);
                lastLength = 0;
            }
            int n = Math.min(length, CHUNK - lastLength);
            System.arraycopy(bytes, offset, chunks.getLast(), lastLength, n);
            lastLength += n;
            offset += n;
            length -= n;
            size += n;
        }
    }

    public long size() {
        return size;
    }

    public void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < chunks.size(); i++) {
            out.write(chunks.get(i), 0, length(i));
        }
    }

    /** A new stream over the bytes written so far. */
    public InputStream open() {
        return new InputStream() {
            private int chunk;
            private int position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                while (chunk < chunks.size() && position == length(chunk)) {
                    chunk++;
                    position = 0;
                }
                if (chunk == chunks.size()) {
                    return -1;
                }
                int n = Math.min(length, length(chunk) - position);
                System.arraycopy(chunks.get(chunk), position, target, offset, n);
                position += n;
                return n;
            }
        };
    }

    private int length(int index) {
        return index == chunks.size() - 1 ? lastLength : CHUNK;
    }
}
