package org.villhop.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChunkedBytesTest {

    @Test
    void whatIsWrittenInAnyPiecesIsReadBackWholeAndAsOftenAsWanted() throws IOException {
        byte[] content = new byte[100_003];
        new Random(7).nextBytes(content);
        ChunkedBytes bytes = new ChunkedBytes();
        int offset = 0;
        for (int piece : new int[] {0, 1, 32_767, 2, 40_000, 27_233}) {
            bytes.write(content, offset, piece);
            offset += piece;
        }
        bytes.write(content, offset, content.length - offset);
        assertEquals(content.length, bytes.size());
        for (int buffer : new int[] {1, 4096, 32 * 1024, 200_000}) {
            assertArrayEquals(content, readAll(bytes.open(), buffer), "read with a buffer of " + buffer);
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        bytes.writeTo(copy);
        assertArrayEquals(content, copy.toByteArray());
    }

    @Test
    void emptyAndExactlyOneChunk() throws IOException {
        ChunkedBytes empty = new ChunkedBytes();
        assertEquals(-1, empty.open().read());
        byte[] chunk = new byte[32 * 1024];
        chunk[chunk.length - 1] = 42;
        ChunkedBytes one = new ChunkedBytes();
        one.write(chunk, 0, chunk.length);
        assertArrayEquals(chunk, readAll(one.open(), 1000));
    }

    private static byte[] readAll(InputStream in, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[bufferSize];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
