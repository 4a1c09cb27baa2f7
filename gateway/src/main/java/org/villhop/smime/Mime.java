package org.villhop.smime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;

/** Small MIME helpers shared by the S/MIME writers and readers. */
final class Mime {
    static final byte[] CRLF = {'\r', '\n'};
    static final int BUFFER = 16 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Mime() {
    }

    /** A fresh boundary that cannot occur in base64 or in quoted-printable text. */
    static String newBoundary() {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return "----=_villhop_" + HexFormat.of().formatHex(random);
    }

    static ContentType contentType(MimeHeaders headers) throws MalformedMessageException {
        String value = headers.get("Content-Type").orElse("text/plain; charset=us-ascii");
        try {
            return new ContentType(value);
        } catch (ParseException e) {
            throw new MalformedMessageException("unreadable Content-Type: " + value, e);
        }
    }

    static String transferEncoding(MimeHeaders headers) {
        return headers.get("Content-Transfer-Encoding").orElse("7bit").strip().toLowerCase(Locale.ROOT);
    }

    /** A base64 encoder with CRLF every 76 characters, whose close() ends the last line but leaves {@code out} open. */
    static OutputStream base64(OutputStream out) {
        return new Base64OutputStream(out);
    }

    /** A base64 decoder tolerant of line breaks and of the padding of the last line. */
    static InputStream unbase64(InputStream in) {
        return new Base64InputStream(in);
    }

    /** Wraps a stream so that closing it leaves the underlying one open. */
    static OutputStream keepOpen(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
