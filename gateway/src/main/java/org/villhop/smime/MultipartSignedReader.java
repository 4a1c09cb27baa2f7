package org.villhop.smime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Splits the body of a {@code multipart/signed} entity: the first part's bytes exactly as signed (headers included,
 * without the CRLF that belongs to the delimiter) and the signature part's decoded bytes.
 */
final class MultipartSignedReader {
    private static final int MAX_SIGNATURE_BYTES = 1024 * 1024;

    private final LineReader lines;
    private final byte[] dashBoundary;

    MultipartSignedReader(InputStream body, String boundary) {
        this.lines = new LineReader(body);
        this.dashBoundary = Mime.ascii("--" + boundary);
    }

    /** Copies the signed part to {@code out}. */
    void readSignedPart(OutputStream out) throws IOException {
        while (true) {
            if (!lines.next()) {
                throw new MalformedMessageException("multipart/signed without its first boundary");
            }
            int delimiter = lines.delimiter(dashBoundary);
            if (delimiter == 0) {
                break;
            }
            if (delimiter == 1) {
                throw new MalformedMessageException("multipart/signed without a signed part");
            }
        }
        boolean pendingLineBreak = false;
        while (true) {
            if (!lines.next()) {
                throw new MalformedMessageException("multipart/signed ends inside the signed part");
            }
            int delimiter = lines.delimiter(dashBoundary);
            if (delimiter == 1) {
                throw new MalformedMessageException("multipart/signed without a signature part");
            }
            if (delimiter == 0) {
                return;
            }
            if (pendingLineBreak) {
                out.write(Mime.CRLF);
            }
            int content = lines.contentLength();
            out.write(lines.piece, 0, content);
            pendingLineBreak = content < lines.length;
        }
    }

    /** Reads the signature part (after {@link #readSignedPart}) and returns its decoded bytes. */
    byte[] readSignature() throws IOException {
        ByteArrayOutputStream part = new ByteArrayOutputStream(8192);
        while (true) {
            if (!lines.next()) {
                throw new MalformedMessageException("multipart/signed ends inside the signature part");
            }
            if (lines.delimiter(dashBoundary) >= 0) {
                break;
            }
            part.write(lines.piece, 0, lines.length);
            if (part.size() > MAX_SIGNATURE_BYTES) {
                throw new MalformedMessageException("signature part larger than " + MAX_SIGNATURE_BYTES + " bytes");
            }
        }
        InputStream in = new ByteArrayInputStream(part.toByteArray());
        MimeHeaders headers = MimeHeaders.read(in);
        String type = Mime.contentType(headers).getBaseType().toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("application/pkcs7-signature") && !type.equals("application/x-pkcs7-signature")) {
            throw new MalformedMessageException("the second part of multipart/signed is " + type
                    + ", not application/pkcs7-signature");
        }
        InputStream decoded = Mime.transferEncoding(headers).equals("base64") ? Mime.unbase64(in) : in;
        try {
            return decoded.readAllBytes();
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("the signature part is not valid base64", e);
        }
    }

    /** Reads and discards what is left (epilogue). */
    void drain() throws IOException {
        while (lines.next()) {
            lines.length = 0;
        }
    }
}
