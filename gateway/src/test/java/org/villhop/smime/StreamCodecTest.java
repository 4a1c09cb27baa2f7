package org.villhop.smime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamCodecTest {

    /** Gives at most {@code max} bytes per read, as a network or a cipher stream may. */
    static InputStream trickle(byte[] data, int max) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, max));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 56, 57, 58, 1000, 65_536, 200_001})
    void base64DecodesWhatTheJdkMimeEncoderWroteWhateverTheReadSizes(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        byte[] encoded = (Base64.getMimeEncoder().encodeToString(data) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int max : new int[] {1, 7, 4096, 1 << 20}) {
            assertArrayEquals(data, new Base64InputStream(trickle(encoded, max)).readAllBytes(), "read size " + max);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 56, 57, 58, 14_591, 14_592, 14_593, 200_001})
    void base64EncodingGivesMimeLinesOf76CharactersEndedByCrlf(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.io.OutputStream encoder = Mime.base64(out)) {
            for (int offset = 0; offset < size; offset += 1000) {
                encoder.write(data, offset, Math.min(1000, size - offset));
            }
        }
        String expected = Base64.getMimeEncoder().encodeToString(data) + "\r\n";
        assertEquals(expected, out.toString(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 100, 70_000})
    void canonicalFormTurnsBareLineFeedsIntoCrlfAndLeavesCrlfAlone(int max) throws Exception {
        StringBuilder mixed = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        Random random = new Random(max);
        for (int i = 0; i < 5000; i++) {
            String text = "line " + i + (random.nextBoolean() ? " \u00e9" : "");
            mixed.append(text).append(random.nextBoolean() ? "\n" : "\r\n");
            expected.append(text).append("\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CanonicalInputStream(trickle(mixed.toString().getBytes(StandardCharsets.UTF_8), max)).transferTo(out);
        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
    }
}
