package org.villhop.pipeline;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A message with every field of some names removed from its header section (continuation lines included) and new
 * fields put first. Only the header section is held in memory (at most {@value #MAX_HEADER} bytes); the body streams
 * through untouched.
 */
final class HeaderEdit {
    static final int MAX_HEADER = 256 * 1024;

    private HeaderEdit() {
    }

    /**
     * @param remove field names to drop (case-insensitive)
     * @param add    complete fields to put first, without line end ("X-Name: value")
     */
    static InputStream edited(InputStream message, List<String> remove, List<String> add) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(4096);
        for (String field : add) {
            header.writeBytes((field + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> dropped = remove.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        BufferedInputStream in = new BufferedInputStream(message, 16 * 1024);
        boolean dropping = false;
        while (true) {
            byte[] line = readLine(in, header.size());
            if (line.length == 0 || line[0] == '\r' || line[0] == '\n') {
                header.writeBytes(line);
                break;
            }
            if (line[0] != ' ' && line[0] != '\t') {
                String text = new String(line, StandardCharsets.ISO_8859_1);
                int colon = text.indexOf(':');
                String name = colon < 0 ? "" : text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                dropping = dropped.contains(name);
            }
            if (!dropping) {
                header.writeBytes(line);
            }
        }
        return new SequenceInputStream(new ByteArrayInputStream(header.toByteArray()), in);
    }

    /** One line with its end (LF or CRLF), empty at the end of input. */
    private static byte[] readLine(InputStream in, int headerSoFar) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
            if (headerSoFar + line.size() > MAX_HEADER) {
                throw new IOException("header section larger than " + MAX_HEADER + " bytes");
            }
        }
        return line.toByteArray();
    }
}
