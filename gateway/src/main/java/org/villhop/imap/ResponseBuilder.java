package org.villhop.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One untagged response being built (a FETCH response of one message), written to the connection in one piece:
 * no allocation per piece of text, one buffered write per message. Used by one command on one thread.
 */
final class ResponseBuilder {

    private byte[] bytes = new byte[1024];
    private int length;

    /** Appends text; ASCII is copied as is, anything else as UTF-8. */
    ResponseBuilder text(String text) {
        int size = text.length();
        ensure(size);
        for (int i = 0; i < size; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                length -= i;
                return bytes(text.getBytes(StandardCharsets.UTF_8));
            }
            bytes[length++] = (byte) c;
        }
        return this;
    }

    ResponseBuilder number(long value) {
        return text(Long.toString(value));
    }

    ResponseBuilder bytes(byte[] data) {
        return bytes(data, 0, data.length);
    }

    ResponseBuilder bytes(byte[] data, int offset, int count) {
        ensure(count);
        System.arraycopy(data, offset, bytes, length, count);
        length += count;
        return this;
    }

    /** Writes what was built to the connection's buffer and starts again. */
    void writeTo(ImapConnection out) throws IOException {
        if (length > 0) {
            out.bytes(bytes, 0, length);
            length = 0;
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
