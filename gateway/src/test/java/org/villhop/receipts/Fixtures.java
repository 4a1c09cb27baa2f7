package org.villhop.receipts;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Receipts written for the tests (resources under receipts/) and a small MDN builder. */
final class Fixtures {
    private Fixtures() {
    }

    static InputStream resource(String name) {
        InputStream in = Fixtures.class.getResourceAsStream("/receipts/" + name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing test resource receipts/" + name));
        }
        return in;
    }

    static Receipt parse(String resource) throws IOException {
        try (InputStream in = resource(resource)) {
            return new ReceiptParser().parse(in).orElseThrow();
        }
    }

    static Optional<Receipt> parseText(String message) throws IOException {
        return new ReceiptParser().parse(new ByteArrayInputStream(message.replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** An MDN for {@code originalId} sent by {@code finalRecipient} with this Disposition field. */
    static String mdn(String receiptId, String originalId, String finalRecipient, String disposition) {
        return """
                From: %2$s
                To: secretariat@hopital.mssante.test
                Subject: Read: Compte rendu
                Message-ID: <%1$s>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn"

                --mdn
                Content-Type: text/plain

                The message was handled.
                --mdn
                Content-Type: message/disposition-notification

                Reporting-UA: client.ville.mssante.test; Thunderbird
                Final-Recipient: rfc822;%2$s
                Original-Message-ID: <%3$s>
                Disposition: %4$s
                --mdn--
                """.formatted(receiptId, finalRecipient, originalId, disposition);
    }
}
