package org.villhop.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.villhop.store.MailboxStore;
import org.villhop.store.MessageMeta;
import org.villhop.store.MessageParts;

/**
 * SEARCH text as a reader sees it (RFC 3501 section 6.4.4: strings are matched after decoding): the text parts of a
 * stored message decoded from base64 or quoted-printable and from their charset, and the top header's encoded words.
 * Streams each part; parts that are not text (attachments) are not decoded.
 */
final class DecodedText {

    /** The most of a part's header looked at (and kept while the byte search reads the message). */
    static final int MAX_HEADER_BYTES = 256 * 1024;
    private static final int CHUNK = 16 * 1024;

    private final MailboxStore store;
    private final MessageMeta meta;
    private final HeaderCapture seen;

    /** {@code seen}: the headers kept while the message was read for the byte search, or null. */
    DecodedText(MailboxStore store, MessageMeta meta, HeaderCapture seen) {
        this.store = store;
        this.meta = meta;
        this.seen = seen;
    }

    /** Whether the top header, unfolded and with its encoded words decoded, contains {@code lower} (lower case). */
    boolean headerContains(String lower) throws IOException {
        return headerContains(meta.parts(), lower);
    }

    /**
     * Whether a text part whose stored bytes are not plain UTF-8 (base64, quoted-printable or another charset)
     * contains {@code lower} once decoded. Plain UTF-8 parts are left to the byte search, which has seen them.
     */
    boolean encodedBodyContains(String lower) throws IOException {
        return partContains(meta.parts(), lower);
    }

    private boolean partContains(MessageParts part, String lower) throws IOException {
        switch (part.kind()) {
            case MULTIPART -> {
                for (MessageParts child : part.children()) {
                    if (partContains(child, lower)) {
                        return true;
                    }
                }
                return false;
            }
            case MESSAGE -> {
                MessageParts embedded = part.children().getFirst();
                return headerContains(embedded, lower) || partContains(embedded, lower);
            }
            default -> {
                return leafContains(part, lower);
            }
        }
    }

    /** Whether the header of {@code part}, with its encoded words decoded, contains {@code lower}. */
    private boolean headerContains(MessageParts part, String lower) throws IOException {
        return DecoderUtil.decodeEncodedWords(header(part), DecodeMonitor.SILENT).toLowerCase(Locale.ROOT)
                .contains(lower);
    }

    private boolean leafContains(MessageParts leaf, String lower) throws IOException {
        String type = "text/plain";
        String charset = "us-ascii";
        String encoding = "7bit";
        for (String field : header(leaf).split("\r?\n")) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).trim();
            if (name.equals("content-type")) {
                RawBody body = RawFieldParser.DEFAULT.parseRawBody(new RawField(name, value));
                type = body.getValue().toLowerCase(Locale.ROOT);
                String declared = body.getParams().stream().filter(p -> p.getName().equalsIgnoreCase("charset"))
                        .map(p -> p.getValue()).findFirst().orElse(null);
                charset = declared == null ? charset : declared;
            } else if (name.equals("content-transfer-encoding")) {
                encoding = value.toLowerCase(Locale.ROOT);
            }
        }
        if (!type.startsWith("text/")) {
            return false;
        }
        boolean transferEncoded = encoding.equals("base64") || encoding.equals("quoted-printable");
        Charset decodeAs = charset(charset);
        if (!transferEncoded && (decodeAs.equals(StandardCharsets.UTF_8)
                || decodeAs.equals(StandardCharsets.US_ASCII))) {
            return false;
        }
        InputStream raw = new Range(store.open(meta, leaf.bodyStart()), leaf.end() - leaf.bodyStart());
        InputStream decoded = switch (encoding) {
            case "base64" -> new Base64InputStream(raw, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
            default -> raw;
        };
        try (Reader text = new InputStreamReader(decoded, decodeAs)) {
            return contains(text, lower);
        }
    }

    /** The unfolded header of {@code part} (at most 256 KiB of it), from what the byte search saw when it can. */
    private String header(MessageParts part) throws IOException {
        byte[] bytes = seen == null ? null : seen.header(part);
        if (bytes == null) {
            long length = Math.min(part.bodyStart() - part.headerStart(), MAX_HEADER_BYTES);
            try (InputStream in = store.open(meta, part.headerStart())) {
                bytes = in.readNBytes((int) length);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8).replaceAll("\r?\n[ \t]+", " ");
    }


    private static Charset charset(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Whether {@code in} contains {@code lower} (lower case), read in chunks. */
    static boolean contains(Reader in, String lower) throws IOException {
        char[] buffer = new char[CHUNK];
        String carry = "";
        int n;
        while ((n = in.read(buffer)) > 0) {
            String chunk = carry + new String(buffer, 0, n);
            if (chunk.toLowerCase(Locale.ROOT).contains(lower)) {
                return true;
            }
            carry = chunk.substring(Math.max(0, chunk.length() - lower.length()));
        }
        return false;
    }

    /** The next {@code remaining} bytes of a stream. */
    private static final class Range extends FilterInputStream {
        private long remaining;

        Range(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
