package org.villhop.store;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MimeScannerTest {

    private static MimeScanner.MimeEntity scan(String message) throws IOException {
        return MimeScanner.scan(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEmbeddedMessageIsNumberedAsItsOwnParts() throws IOException {
        String inner = "From: a@b.example\r\nSubject: inner\r\nContent-Type: multipart/alternative; boundary=in\r\n\r\n"
                + "--in\r\nContent-Type: text/plain\r\n\r\nplain\r\n--in\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n"
                + "--in--\r\n";
        String message = "Subject: outer\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n--out\r\n"
                + "Content-Type: text/plain\r\n\r\ncover\r\n--out\r\nContent-Type: message/rfc822\r\n\r\n" + inner
                + "--out--\r\n";
        MimeScanner.MimeEntity top = scan(message);
        MessageParts parts = top.parts();
        MessageParts html = parts.find(new int[] {2, 2}).orElseThrow();
        assertEquals("<p>x</p>", message.substring((int) html.bodyStart(), (int) html.end()));
        MessageParts embedded = parts.find(new int[] {2}).orElseThrow();
        assertEquals(MessageParts.Kind.MESSAGE, embedded.kind());
        assertTrue(message.substring((int) embedded.children().getFirst().headerStart()).startsWith("From: a@b"));
        String structure = ImapStructure.body(top, true);
        assertTrue(structure.contains("\"MESSAGE\" \"RFC822\""), structure);
        assertTrue(structure.contains("\"inner\""), "the embedded envelope: " + structure);
        assertEquals(parts, MessageParts.parse(parts.serialize()));
    }

    @Test
    void aMissingCloseDelimiterAndNoBlankLineAfterTheHeaderAreTolerated() throws IOException {
        MimeScanner.MimeEntity top = scan("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nbody only\r\n");
        assertEquals(1, top.children.size());
        assertTrue(scan("Subject: no body").parts().end() > 0);
    }

    @Test
    void randomBytesNeverBreakTheScanner() throws IOException {
        Random random = new Random(20261123);
        String[] pieces = {"\r\n", "\n", "--b", "--b--", "Content-Type: multipart/mixed; boundary=b\r\n",
            "Content-Type: message/rfc822\r\n", "Subject: x\r\n", ": ", "\0", "é", "=?UTF-8?B?w6k=?="};
        for (int i = 0; i < 300; i++) {
            StringBuilder message = new StringBuilder();
            for (int j = 0; j < random.nextInt(60); j++) {
                message.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = message.toString().getBytes(StandardCharsets.UTF_8);
            MimeScanner.MimeEntity top = MimeScanner.scan(new ByteArrayInputStream(bytes));
            assertTrue(top.parts().end() <= bytes.length, "offsets stay inside the message");
            assertTrue(ImapStructure.body(top, true).startsWith("("));
            assertTrue(ImapStructure.envelope(top).startsWith("("));
        }
    }

    @Test
    void skippingBodyLinesFindsWhatReadingEveryLineFinds() throws IOException {
        Random random = new Random(20261207);
        String[] pieces = {"\r\n", "\n", "\r", "--b\r\n", "--b--\r\n", "--c\n", "-x\r\n", "--", "-",
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n", "Content-Type: multipart/mixed; boundary=c\n\n",
            "Content-Type: message/rfc822\r\n\r\n", "Subject: x\r\n", "TWFu\r\n", "body line\r\n"};
        for (int i = 0; i < 400; i++) {
            StringBuilder message = new StringBuilder();
            for (int j = 0; j < random.nextInt(80); j++) {
                message.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextInt(40) == 0) {
                    message.append("A".repeat(random.nextInt(140_000))); // across the reader's 64 KiB buffer
                }
            }
            byte[] bytes = message.toString().getBytes(StandardCharsets.UTF_8);
            String expected = describe(MimeScanner.scan(new ByteArrayInputStream(bytes), false));
            assertEquals(expected, describe(MimeScanner.scan(new ByteArrayInputStream(bytes), true)), "message " + i);
            assertEquals(expected, describe(MimeScanner.scan(new Trickle(bytes), true)), "message " + i + ", trickled");
        }
    }

    /** Every entity's offsets, line count and type, depth first. */
    private static String describe(MimeScanner.MimeEntity entity) {
        StringBuilder out = new StringBuilder("(" + entity.headerStart + " " + entity.bodyStart + " " + entity.end
                + " " + entity.lines + " " + entity.type + "/" + entity.subtype);
        entity.children.forEach(child -> out.append(' ').append(describe(child)));
        return out.append(')').toString();
    }

    /** Gives at most 7 bytes per read: lines and line ends split across the reader's refills. */
    private static final class Trickle extends FilterInputStream {
        Trickle(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 7));
        }
    }
}
