package org.villhop.imap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Case-insensitive search of an ASCII string in streams of bytes, without decoding or copying the text. One instance
 * per search key, used by one thread (its buffer is reused from one message to the next).
 */
final class AsciiSearch {

    private static final int BUFFER = 16 * 1024;

    private final byte[] lower;
    private final byte[] buffer;

    private AsciiSearch(byte[] lower) {
        this.lower = lower;
        this.buffer = new byte[Math.max(BUFFER, 2 * lower.length)];
    }

    /** A search for {@code needle}, or null when it is not ASCII. */
    static AsciiSearch of(String needle) {
        if (!needle.chars().allMatch(ch -> ch < 0x80)) {
            return null;
        }
        return new AsciiSearch(needle.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code in} contains the needle, ignoring ASCII case. An empty needle is always found. */
    boolean foundIn(InputStream in) throws IOException {
        if (lower.length == 0) {
            return true;
        }
        int filled = 0;
        int n;
        while ((n = in.read(buffer, filled, buffer.length - filled)) > 0) {
            filled += n;
            if (indexOf(buffer, filled, lower) >= 0) {
                return true;
            }
            int keep = Math.min(filled, lower.length - 1);
            System.arraycopy(buffer, filled - keep, buffer, 0, keep);
            filled = keep;
        }
        return false;
    }

    /** First position of {@code lower} in {@code bytes[0, length)}, ignoring ASCII case, or -1. */
    static int indexOf(byte[] bytes, int length, byte[] lower) {
        byte first = lower[0];
        byte firstUpper = upper(first);
        int last = length - lower.length;
        for (int i = 0; i <= last; i++) {
            byte b = bytes[i];
            if (b != first && b != firstUpper) {
                continue;
            }
            int j = 1;
            while (j < lower.length && lower(bytes[i + j]) == lower[j]) {
                j++;
            }
            if (j == lower.length) {
                return i;
            }
        }
        return -1;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static byte upper(byte b) {
        return b >= 'a' && b <= 'z' ? (byte) (b - ('a' - 'A')) : b;
    }
}
