package org.villhop.smime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The header block of a message or body part, kept byte for byte (ISO-8859-1 characters stand for bytes) so that
 * signed headers are written back exactly as they came.
 */
record MimeHeaders(List<Field> fields) {
    private static final int MAX_HEADER_BYTES = 1024 * 1024;

    /** One header field: its name and its raw text, folding and final CRLF included. */
    record Field(String name, String raw) {
        /** The unfolded value after the colon, trimmed. */
        String value() {
            int colon = raw.indexOf(':');
            return raw.substring(colon + 1).replaceAll("\r\n[ \t]", " ").replace("\r\n", "").strip();
        }

        boolean isContentHeader() {
            return name.toLowerCase(Locale.ROOT).startsWith("content-");
        }

        static Field of(String name, String value) {
            return new Field(name, name + ": " + value + "\r\n");
        }
    }

    MimeHeaders {
        fields = List.copyOf(fields);
    }

    /**
     * Reads a header block up to and including the empty line that ends it, leaving {@code in} at the first body byte.
     * {@code in} must be canonical (CRLF line ends).
     */
    static MimeHeaders read(InputStream in) throws IOException {
        List<Field> fields = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        StringBuilder current = null;
        int total = 0;
        while (true) {
            line.reset();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (++total > MAX_HEADER_BYTES) {
                    throw new MalformedMessageException("header block larger than " + MAX_HEADER_BYTES + " bytes");
                }
                if (b == '\n') {
                    break;
                }
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            boolean end = text.isEmpty() || text.equals("\r\n") || text.equals("\n");
            boolean continuation = !end && (text.charAt(0) == ' ' || text.charAt(0) == '\t');
            if (continuation && current != null) {
                current.append(text);
                continue;
            }
            if (current != null) {
                fields.add(field(current.toString()));
                current = null;
            }
            if (end) {
                return new MimeHeaders(fields);
            }
            if (text.indexOf(':') <= 0) {
                throw new MalformedMessageException("not a header line: "
                        + text.strip().substring(0, Math.min(60, text.strip().length())));
            }
            current = new StringBuilder(text);
            if (!text.endsWith("\n")) {
                current.append("\r\n");
            }
        }
    }

    private static Field field(String raw) {
        return new Field(raw.substring(0, raw.indexOf(':')).strip(), raw);
    }

    Optional<String> get(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    MimeHeaders filter(Predicate<Field> keep) {
        return new MimeHeaders(fields.stream().filter(keep).toList());
    }

    MimeHeaders without(String name) {
        return filter(f -> !f.name().equalsIgnoreCase(name));
    }

    MimeHeaders contentHeaders() {
        return filter(Field::isContentHeader);
    }

    /** The headers that are not about the content (and not MIME-Version): From, To, Message-ID, Received... */
    MimeHeaders envelopeHeaders() {
        return filter(f -> !f.isContentHeader() && !f.name().equalsIgnoreCase("MIME-Version"));
    }

    MimeHeaders plus(MimeHeaders more) {
        List<Field> all = new ArrayList<>(fields);
        all.addAll(more.fields());
        return new MimeHeaders(all);
    }

    MimeHeaders plus(String name, String value) {
        List<Field> all = new ArrayList<>(fields);
        all.add(Field.of(name, value));
        return new MimeHeaders(all);
    }

    /** Writes the fields, without the empty line that ends a header block. */
    void writeFields(OutputStream out) throws IOException {
        for (Field field : fields) {
            out.write(field.raw().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** Writes the fields and the empty line. */
    void writeBlock(OutputStream out) throws IOException {
        writeFields(out);
        out.write(Mime.CRLF);
    }
}
