package org.villhop.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a DSN as RFC 3464 multipart/report; report-type=delivery-status, streaming the original content. */
final class DsnWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String reportingMta;
    private final Instant now;
    private final OriginalMessage original;
    private final Instant retryUntil;
    private final String boundary;

    DsnWriter(String reportingMta, Instant now, OriginalMessage original, Instant retryUntil) {
        this.reportingMta = reportingMta;
        this.now = now;
        this.original = original;
        this.retryUntil = retryUntil;
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        this.boundary = "=_villhop_dsn_" + HexFormat.of().formatHex(random);
    }

    void write(Dsn dsn, OutputStream out) throws IOException {
        Envelope envelope = original.envelope();
        StringBuilder head = new StringBuilder();
        line(head, "From: Mail Delivery System <MAILER-DAEMON@" + reportingMta + ">");
        line(head, "To: <" + envelope.mailFrom() + ">");
        line(head, "Subject: " + subject(dsn.kind()));
        line(head, "Date: " + DATE.format(now));
        line(head, "Message-ID: <dsn." + now.toEpochMilli() + "." + boundary.substring(14) + "@" + reportingMta + ">");
        line(head, "Auto-Submitted: auto-replied");
        line(head, "MIME-Version: 1.0");
        line(head, "Content-Type: multipart/report; report-type=delivery-status;");
        line(head, "\tboundary=\"" + boundary + "\"");
        line(head, "");
        line(head, "This is a MIME-encapsulated delivery status notification.");
        line(head, "");
        line(head, "--" + boundary);
        line(head, "Content-Type: text/plain; charset=utf-8");
        line(head, "Content-Transfer-Encoding: 8bit");
        line(head, "");
        humanPart(head, dsn);
        line(head, "");
        line(head, "--" + boundary);
        line(head, "Content-Type: message/delivery-status");
        line(head, "");
        statusPart(head, dsn);
        line(head, "--" + boundary);
        boolean full = dsn.kind() == DsnKind.FAILURE && envelope.ret() == Ret.FULL;
        line(head, "Content-Type: " + (full ? "message/rfc822" : "text/rfc822-headers"));
        if (envelope.eightBit()) {
            line(head, "Content-Transfer-Encoding: 8bit");
        }
        line(head, "");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        try (InputStream content = new BufferedInputStream(original.content().open())) {
            copyOriginal(content, out, full);
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String subject(DsnKind kind) {
        return switch (kind) {
            case FAILURE -> "Undelivered Mail Returned to Sender";
            case DELAY -> "Delayed Mail (still being retried)";
            case SUCCESS -> "Successful Mail Delivery Report";
        };
    }

    private void humanPart(StringBuilder b, Dsn dsn) {
        line(b, "This is the mail system at host " + reportingMta + ".");
        line(b, "");
        line(b, switch (dsn.kind()) {
            case FAILURE -> "Your message could not be delivered to the recipients below. It will not be retried.";
            case DELAY -> "Your message has not been delivered yet to the recipients below. Delivery is retried until "
                    + (retryUntil == null ? "the retry period ends" : DATE.format(retryUntil)) + ".";
            case SUCCESS -> "Your message was delivered or relayed to the recipients below.";
        });
        line(b, "");
        for (RecipientOutcome o : dsn.reported()) {
            line(b, "<" + o.recipient().address() + ">: " + clean(o.detail()));
        }
    }

    private void statusPart(StringBuilder b, Dsn dsn) {
        Envelope envelope = original.envelope();
        line(b, "Reporting-MTA: dns; " + reportingMta);
        if (envelope.envelopeId() != null) {
            line(b, "Original-Envelope-Id: " + clean(envelope.envelopeId()));
        }
        if (original.arrivalDate() != null) {
            line(b, "Arrival-Date: " + DATE.format(original.arrivalDate()));
        }
        line(b, "");
        for (RecipientOutcome o : dsn.reported()) {
            Recipient r = o.recipient();
            if (r.originalRecipient() != null) {
                line(b, "Original-Recipient: " + clean(r.originalRecipient()));
            }
            line(b, "Final-Recipient: rfc822; " + r.address());
            line(b, "Action: " + action(dsn.kind(), o));
            line(b, "Status: " + status(dsn.kind(), o));
            if (o.remoteMta() != null) {
                line(b, "Remote-MTA: dns; " + o.remoteMta());
            }
            if (o.reply() != null) {
                line(b, fold("Diagnostic-Code: smtp; " + clean(o.reply().oneLine())));
            } else if (dsn.kind() != DsnKind.SUCCESS) {
                line(b, fold("Diagnostic-Code: x-villhop; " + clean(o.detail())));
            }
            line(b, "Last-Attempt-Date: " + DATE.format(o.attemptedAt()));
            if (dsn.kind() == DsnKind.DELAY && retryUntil != null) {
                line(b, "Will-Retry-Until: " + DATE.format(retryUntil));
            }
            line(b, "");
        }
    }

    private static String action(DsnKind kind, RecipientOutcome o) {
        return switch (kind) {
            case FAILURE -> "failed";
            case DELAY -> "delayed";
            case SUCCESS -> o.remoteMta() == null ? "delivered" : "relayed";
        };
    }

    private static String status(DsnKind kind, RecipientOutcome o) {
        String s = o.status();
        return switch (kind) {
            case FAILURE -> s.startsWith("5") ? s : "5.4.7";
            case DELAY -> s.startsWith("4") ? s : "4.0.0";
            case SUCCESS -> s.startsWith("2") ? s : "2.0.0";
        };
    }

    /** The whole content (as received, CRLF line ends) or only its header section, each line ended by CRLF. */
    private static void copyOriginal(InputStream in, OutputStream out, boolean full) throws IOException {
        if (full) {
            in.transferTo(out);
            return;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            if (length == 0) {
                return;
            }
            out.write(bytes, 0, length);
            out.write(CRLF);
            line.reset();
        }
        if (line.size() > 0) {
            out.write(line.toByteArray());
            out.write(CRLF);
        }
    }

    private static String clean(String value) {
        return value == null ? "" : value.replaceAll("[\\x00-\\x1f\\x7f]", " ").strip();
    }

    /** Folds a header line longer than 78 characters at spaces (the space starts the continuation line). */
    static String fold(String header) {
        StringBuilder folded = new StringBuilder();
        int lineStart = 0;
        int lastSpace = -1;
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) == ' ') {
                lastSpace = i;
            }
            if (i - lineStart >= 76 && lastSpace > lineStart) {
                folded.append(header, lineStart, lastSpace).append("\r\n");
                lineStart = lastSpace;
            }
        }
        return folded.append(header, lineStart, header.length()).toString();
    }

    private static void line(StringBuilder b, String text) {
        b.append(text).append("\r\n");
    }
}
