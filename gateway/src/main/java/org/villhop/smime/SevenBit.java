package org.villhop.smime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

/**
 * A signed body must survive relays that turn 8-bit content into 7-bit (which would break the signature): a single
 * part declared {@code 8bit} is re-encoded as quoted-printable before it is signed. Multiparts and 7-bit, base64 or
 * quoted-printable parts pass unchanged.
 */
record SevenBit(MimeHeaders headers, InputStream body) {

    static SevenBit of(MimeHeaders headers, InputStream body) throws IOException {
        boolean multipart = Mime.contentType(headers).getPrimaryType().toLowerCase(Locale.ROOT).equals("multipart");
        if (multipart || !Mime.transferEncoding(headers).equals("8bit")) {
            return new SevenBit(headers, body);
        }
        MimeHeaders encoded = headers.without("Content-Transfer-Encoding")
                .plus("Content-Transfer-Encoding", "quoted-printable");
        return new SevenBit(encoded, new QuotedPrintable(body));
    }

    /** Reads a body and gives its quoted-printable form, through a small in-memory window. */
    private static final class QuotedPrintable extends InputStream {
        private final InputStream source;
        private final java.io.ByteArrayOutputStream window = new java.io.ByteArrayOutputStream(Mime.BUFFER * 2);
        private final OutputStream encoder;
        private final byte[] chunk = new byte[Mime.BUFFER];
        private byte[] ready = new byte[0];
        private int position;
        private boolean done;

        QuotedPrintable(InputStream source) throws IOException {
            this.source = source;
            try {
                this.encoder = MimeUtility.encode(window, "quoted-printable");
            } catch (MessagingException e) {
                throw new IOException("quoted-printable encoder unavailable", e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            while (position == ready.length) {
                if (done) {
                    return -1;
                }
                int n = source.read(chunk);
                if (n < 0) {
                    encoder.close();
                    done = true;
                } else {
                    encoder.write(chunk, 0, n);
                }
                ready = window.toByteArray();
                window.reset();
                position = 0;
            }
            int n = Math.min(length, ready.length - position);
            System.arraycopy(ready, position, target, offset, n);
            position += n;
            return n;
        }
    }
}
