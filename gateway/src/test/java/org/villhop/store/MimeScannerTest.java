package org.villhop.store;

import java.io.ByteArrayInputStream;
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
}
