package org.villhop.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads SMTP replies ("250-..." continuation lines, then "250 ...") from a stream, with bounded sizes. */
final class SmtpReplyReader {
    private static final int MAX_LINE = 4096;
    private static final int MAX_LINES = 200;

    private final InputStream in;

    SmtpReplyReader(InputStream in) {
        this.in = in;
    }

    SmtpReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine();
            if (line.length() < 3 || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new IOException("malformed SMTP reply line: " + abbreviate(line));
            }
            int lineCode;
            try {
                lineCode = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                throw new IOException("malformed SMTP reply code: " + abbreviate(line), e);
            }
            if (lineCode < 200 || lineCode > 599 || (code >= 0 && lineCode != code)) {
                throw new IOException("unexpected SMTP reply code in: " + abbreviate(line));
            }
            code = lineCode;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(code, lines);
            }
            if (lines.size() >= MAX_LINES) {
                throw new IOException("SMTP reply longer than " + MAX_LINES + " lines");
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed by peer");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("SMTP reply line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
