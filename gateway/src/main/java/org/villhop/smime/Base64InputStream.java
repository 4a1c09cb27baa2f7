package org.villhop.smime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Decodes MIME base64 in bulk (the JDK's wrapping decoder reads its source one byte at a time): line breaks and any
 * other character outside the base64 alphabet are skipped; decoding stops after the padding of the last quantum.
 */
final class Base64InputStream extends InputStream {
    private static final boolean[] ALPHABET = new boolean[256];

    static {
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray()) {
            ALPHABET[c] = true;
        }
    }

    private final InputStream in;
    private final byte[] raw = new byte[Mime.BUFFER];
    private final byte[] clean = new byte[Mime.BUFFER + 4];
    private int cleanLength;
    private byte[] decoded = new byte[0];
    private int position;
    private boolean finished;

    Base64InputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == decoded.length) {
            if (finished) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, decoded.length - position);
        System.arraycopy(decoded, position, target, offset, n);
        position += n;
        return n;
    }

    private void fill() throws IOException {
        int n = in.read(raw, 0, raw.length - 4);
        if (n < 0) {
            finished = true;
        }
        for (int i = 0; i < n && !finished; i++) {
            byte b = raw[i];
            if (b == '=') {
                finished = true;
            } else if (b >= 0 && ALPHABET[b]) {
                clean[cleanLength++] = b;
            }
        }
        int count = finished ? cleanLength - (cleanLength % 4 == 1 ? 1 : 0) : cleanLength - cleanLength % 4;
        try {
            ByteBuffer result = Base64.getDecoder().decode(ByteBuffer.wrap(clean, 0, count));
            decoded = new byte[result.remaining()];
            result.get(decoded);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("invalid base64: " + e.getMessage(), e);
        }
        position = 0;
        System.arraycopy(clean, count, clean, 0, cleanLength - count);
        cleanLength -= count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
