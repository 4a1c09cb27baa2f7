package org.villhop.receipts;

import java.util.Locale;
import java.util.function.Function;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.ContentTypeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;

/**
 * The rule "no receipt is ever answered with a receipt" (RFC 3461 §6.2, RFC 8098 §2.1, RFC 3834 §2): the pipeline asks
 * {@link #isReceipt} before sending any DSN or MDN about a message. A message is a receipt when its Content-Type is a
 * delivery or disposition report (also as a bare {@code message/...} part, as some broken agents send), when it is an
 * automatic reply ({@code Auto-Submitted: auto-replied}, which every MDN villhop sends carries), or when its
 * Return-Path is the null sender {@code <>} (a bounce: there is nobody to answer to).
 */
public final class ReceiptRule {
    private ReceiptRule() {
    }

    /** {@code header} returns the first value of a header field by name (any case), or null when absent. */
    public static boolean isReceipt(Function<String, String> header) {
        String contentType = header.apply("Content-Type");
        if (contentType != null) {
            var field = ContentTypeFieldLenientImpl.PARSER.parse(new RawField("Content-Type", contentType),
                    DecodeMonitor.SILENT);
            if (ReceiptParser.kindOf(field) != null) {
                return true;
            }
            String mimeType = field.getMimeType().toLowerCase(Locale.ROOT);
            if (mimeType.equals("message/delivery-status") || mimeType.equals("message/disposition-notification")
                    || mimeType.equals("message/global-delivery-status")
                    || mimeType.equals("message/global-disposition-notification")) {
                return true;
            }
        }
        String autoSubmitted = header.apply("Auto-Submitted");
        if (autoSubmitted != null && autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("auto-replied")) {
            return true;
        }
        String returnPath = header.apply("Return-Path");
        return returnPath != null && returnPath.replaceAll("\\s+", "").equals("<>");
    }

    /** The same rule over jakarta.mail headers (as read by {@code new InternetHeaders(stream)}). */
    public static boolean isReceipt(InternetHeaders headers) {
        return isReceipt(name -> headers.getHeader(name, null));
    }

    /** The same rule over a jakarta.mail message or part. */
    public static boolean isReceipt(jakarta.mail.Part part) {
        return isReceipt(name -> {
            try {
                String[] values = part.getHeader(name);
                return values == null || values.length == 0 ? null : values[0];
            } catch (MessagingException e) {
                throw new ReceiptException("cannot read header " + name + ": " + e.getMessage(), e);
            }
        });
    }
}
