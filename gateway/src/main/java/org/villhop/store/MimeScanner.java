package org.villhop.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;

/**
 * Scans a message once, streaming, line by line: finds every MIME entity's offsets (multipart boundaries, embedded
 * messages) and parses its header fields with mime4j. The result renders as IMAP ENVELOPE and BODYSTRUCTURE.
 */
final class MimeScanner {

    private static final int MAX_HEADER_BYTES = 256 * 1024;
    private static final int MAX_DEPTH = 40;

    private final LineReader reader;
    private LineReader.Line pushedBack;
    private int lastTerminator;
    private long lineCount;
    private final boolean skipping;

    private MimeScanner(InputStream in, boolean skipping) {
        this.reader = new LineReader(in);
        this.skipping = skipping;
    }

    /** Scans the whole stream. */
    static MimeEntity scan(InputStream in) throws IOException {
        return scan(in, true);
    }

    /** Scans the whole stream; {@code skipping} false reads every line whole (the reference the tests compare to). */
    static MimeEntity scan(InputStream in, boolean skipping) throws IOException {
        MimeScanner scanner = new MimeScanner(in, skipping);
        MimeEntity top = scanner.entity(new ArrayDeque<>(), "text/plain", 0);
        while (scanner.next() != null) {
            top.end = scanner.reader.offset();
        }
        top.end = Math.max(top.end, scanner.reader.offset());
        return top;
    }

    private LineReader.Line next() throws IOException {
        LineReader.Line line;
        if (pushedBack != null) {
            line = pushedBack;
            pushedBack = null;
        } else {
            line = reader.next();
        }
        if (line != null) {
            lastTerminator = line.terminator();
            lineCount++;
        }
        return line;
    }

    /**
     * Skips, without copying, the lines that cannot be delimiters: with no enclosing boundary, all of them; else those
     * that do not start with '-' (every delimiter starts with "--"). Bodies are most of a message's lines.
     */
    private void skipNonDelimiters(Deque<byte[]> boundaries) throws IOException {
        if (pushedBack != null || !skipping) {
            return;
        }
        long skipped = reader.skipLinesNotStartingWith(boundaries.isEmpty() ? -1 : '-');
        if (skipped > 0) {
            lineCount += skipped;
            lastTerminator = reader.skippedTerminator();
        }
    }

    private void pushBack(LineReader.Line line, int previousTerminator) {
        pushedBack = line;
        lastTerminator = previousTerminator;
        lineCount--;
    }

    private MimeEntity entity(Deque<byte[]> boundaries, String defaultType, int depth) throws IOException {
        MimeEntity entity = new MimeEntity();
        entity.headerStart = position();
        readHeader(entity, boundaries);
        entity.type(defaultType);
        long bodyLines = lineCount;
        if (entity.multipart() && entity.boundary() != null && depth < MAX_DEPTH) {
            multipartBody(entity, boundaries, depth);
        } else if (entity.message() && depth < MAX_DEPTH) {
            MimeEntity embedded = entity(boundaries, "text/plain", depth + 1);
            entity.children.add(embedded);
            entity.end = embedded.end;
        } else {
            leafBody(entity, boundaries);
        }
        entity.lines = lineCount - bodyLines;
        return entity;
    }

    private long position() {
        return pushedBack != null ? pushedBack.start() : reader.offset();
    }

    private void readHeader(MimeEntity entity, Deque<byte[]> boundaries) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        while (true) {
            int before = lastTerminator;
            LineReader.Line line = next();
            if (line == null) {
                entity.bodyStart = reader.offset();
                break;
            }
            if (line.blank()) {
                entity.bodyStart = line.end();
                break;
            }
            if (delimiter(line, boundaries) != null) {
                pushBack(line, before);
                entity.bodyStart = line.start();
                break;
            }
            if (header.size() < MAX_HEADER_BYTES) {
                header.write(line.head(), 0, line.head().length);
                header.write('\n');
            }
        }
        entity.fields = fields(header.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> fields(String header) {
        Map<String, String> fields = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : header.split("\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(line);
                continue;
            }
            if (name != null) {
                fields.putIfAbsent(name, value.toString().trim());
            }
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (name != null) {
                value.append(line, colon + 1, line.length());
            }
        }
        if (name != null) {
            fields.putIfAbsent(name, value.toString().trim());
        }
        return fields;
    }

    private void leafBody(MimeEntity entity, Deque<byte[]> boundaries) throws IOException {
        entity.end = untilDelimiter(entity.bodyStart, boundaries);
    }

    /** Consumes lines until a delimiter of an enclosing boundary (left pushed back) or the end; returns the end. */
    private long untilDelimiter(long start, Deque<byte[]> boundaries) throws IOException {
        while (true) {
            skipNonDelimiters(boundaries);
            int before = lastTerminator;
            LineReader.Line line = next();
            if (line == null) {
                return reader.offset();
            }
            if (delimiter(line, boundaries) != null) {
                pushBack(line, before);
                return Math.max(start, line.start() - before);
            }
        }
    }

    private void multipartBody(MimeEntity entity, Deque<byte[]> boundaries, int depth) throws IOException {
        byte[] own = ("--" + entity.boundary()).getBytes(StandardCharsets.ISO_8859_1);
        boundaries.push(own);
        try {
            untilDelimiter(entity.bodyStart, boundaries);
            String childDefault = entity.subtype.equals("DIGEST") ? "message/rfc822" : "text/plain";
            while (true) {
                int before = lastTerminator;
                LineReader.Line line = next();
                if (line == null) {
                    entity.end = reader.offset();
                    return;
                }
                Boolean close = delimiterOf(line, own);
                if (close == null) {
                    pushBack(line, before);
                    entity.end = Math.max(entity.bodyStart, line.start() - before);
                    return;
                }
                if (close) {
                    boundaries.pop();
                    entity.end = untilDelimiter(entity.bodyStart, boundaries);
                    boundaries.push(own);
                    return;
                }
                entity.children.add(entity(boundaries, childDefault, depth + 1));
            }
        } finally {
            boundaries.pop();
        }
    }

    /** The boundary this line delimits, or null when it is not a delimiter line. */
    private static byte[] delimiter(LineReader.Line line, Deque<byte[]> boundaries) {
        for (byte[] boundary : boundaries) {
            if (delimiterOf(line, boundary) != null) {
                return boundary;
            }
        }
        return null;
    }

    /** null: not a delimiter of {@code boundary}; false: a part delimiter; true: the close delimiter. */
    private static Boolean delimiterOf(LineReader.Line line, byte[] boundary) {
        byte[] head = line.head();
        if (head.length < boundary.length) {
            return null;
        }
        for (int i = 0; i < boundary.length; i++) {
            if (head[i] != boundary[i]) {
                return null;
            }
        }
        int rest = boundary.length;
        boolean close = head.length >= rest + 2 && head[rest] == '-' && head[rest + 1] == '-';
        for (int i = close ? rest + 2 : rest; i < head.length; i++) {
            if (head[i] != ' ' && head[i] != '\t') {
                return null;
            }
        }
        return close;
    }

    /** One MIME entity found by the scanner. */
    static final class MimeEntity {
        long headerStart;
        long bodyStart;
        long end;
        long lines;
        Map<String, String> fields = Map.of();
        String type = "TEXT";
        String subtype = "PLAIN";
        List<NameValuePair> params = List.of();
        final List<MimeEntity> children = new ArrayList<>();

        void type(String defaultType) {
            String value = fields.get("content-type");
            RawBody body = value == null ? null : RawFieldParser.DEFAULT.parseRawBody(new RawField("Content-Type", value));
            String mime = body == null || body.getValue() == null || body.getValue().indexOf('/') <= 0
                    ? defaultType : body.getValue();
            int slash = mime.indexOf('/');
            type = mime.substring(0, slash).trim().toUpperCase(Locale.ROOT);
            subtype = mime.substring(slash + 1).trim().toUpperCase(Locale.ROOT);
            if (body != null && mime.equals(body.getValue())) {
                params = body.getParams();
            } else if (type.equals("TEXT")) {
                params = List.of(new NameValuePair("charset", "us-ascii"));
            }
        }

        boolean multipart() {
            return type.equals("MULTIPART");
        }

        boolean message() {
            return type.equals("MESSAGE") && subtype.equals("RFC822");
        }

        String boundary() {
            for (NameValuePair param : params) {
                if (param.getName().equalsIgnoreCase("boundary") && param.getValue() != null
                        && !param.getValue().isEmpty()) {
                    return param.getValue();
                }
            }
            return null;
        }

        MessageParts parts() {
            MessageParts.Kind kind = !children.isEmpty() && message() ? MessageParts.Kind.MESSAGE
                    : multipart() && boundary() != null ? MessageParts.Kind.MULTIPART : MessageParts.Kind.LEAF;
            return new MessageParts(headerStart, bodyStart, end, kind, children.stream().map(MimeEntity::parts).toList());
        }
    }
}
