package org.villhop.receipts;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.ContentTypeFieldLenientImpl;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Recognises a DSN (RFC 3464, {@code multipart/report; report-type=delivery-status}) or an MDN (RFC 8098,
 * {@code report-type=disposition-notification}) and reads what it says. The message is parsed as a stream with mime4j:
 * only the report parts and the returned original's header are read; a returned original body, however large, is
 * skipped, and a message that is not a report is abandoned after its header.
 */
public final class ReceiptParser {

    /**
     * Parses {@code message}. Returns empty when it is not a receipt; throws {@link ReceiptException} when it claims to
     * be one (a {@code multipart/report} of a receipt type) but its report is missing or malformed.
     */
    public Optional<Receipt> parse(InputStream message) throws IOException {
        Collector collector = new Collector();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(-1)
                .build());
        parser.setContentDecoding(true);
        parser.setRecurse();
        collector.parser = parser;
        parser.setContentHandler(collector);
        try {
            parser.parse(message);
        } catch (MimeException e) {
            throw new ReceiptException("malformed MIME structure in a receipt: " + e.getMessage(), e);
        }
        if (collector.kind == null) {
            return Optional.empty();
        }
        return Optional.of(collector.kind == ReceiptKind.DSN ? collector.dsn() : collector.mdn());
    }

    /** The receipt kind a top-level Content-Type announces, or null. */
    static ReceiptKind kindOf(ContentTypeField contentType) {
        if (contentType == null || !"multipart/report".equalsIgnoreCase(contentType.getMimeType())) {
            return null;
        }
        String reportType = contentType.getParameter("report-type");
        if (reportType == null) {
            return null;
        }
        return switch (reportType.strip().toLowerCase(Locale.ROOT)) {
            case "delivery-status", "global-delivery-status" -> ReceiptKind.DSN;
            case "disposition-notification", "global-disposition-notification" -> ReceiptKind.MDN;
            default -> null;
        };
    }

    /** Gathers the parts of interest while mime4j walks the message. */
    private static final class Collector extends AbstractContentHandler {
        MimeStreamParser parser;
        ReceiptKind kind;
        String receiptMessageId;
        String embeddedMessageId;
        List<Map<String, String>> report;
        private int messageDepth;
        private int multipartDepth;
        private boolean inMessageHeader;

        @Override
        public void startMessage() {
            messageDepth++;
            inMessageHeader = true;
        }

        @Override
        public void endMessage() {
            messageDepth--;
        }

        @Override
        public void startBodyPart() {
            inMessageHeader = false;
        }

        @Override
        public void field(Field field) {
            if (!inMessageHeader) {
                return;
            }
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (messageDepth == 1 && name.equals("content-type")) {
                kind = kindOf(ContentTypeFieldLenientImpl.PARSER.parse(field, DecodeMonitor.SILENT));
            } else if (name.equals("message-id")) {
                if (messageDepth == 1) {
                    receiptMessageId = field.getBody();
                } else if (messageDepth == 2 && multipartDepth == 1) {
                    embeddedMessageId = field.getBody();
                }
            }
        }

        @Override
        public void endHeader() {
            boolean topLevel = inMessageHeader && messageDepth == 1;
            inMessageHeader = false;
            if (topLevel && kind == null) {
                parser.stop();
            }
        }

        @Override
        public void startMultipart(BodyDescriptor bd) {
            multipartDepth++;
        }

        @Override
        public void endMultipart() {
            multipartDepth--;
        }

        @Override
        public void body(BodyDescriptor bd, InputStream is) throws IOException {
            if (messageDepth != 1 || multipartDepth != 1) {
                return;
            }
            String type = bd.getMimeType().toLowerCase(Locale.ROOT);
            switch (type) {
                case "message/delivery-status", "message/global-delivery-status",
                     "message/disposition-notification", "message/global-disposition-notification" -> {
                    if (report == null) {
                        report = ReportFields.read(is, type);
                    }
                }
                case "text/rfc822-headers", "message/global-headers" -> {
                    List<Map<String, String>> headers = ReportFields.read(is, type);
                    if (!headers.isEmpty() && embeddedMessageId == null) {
                        embeddedMessageId = headers.get(0).get("message-id");
                    }
                }
                default -> {
                    // the human-readable part and any attachment: not needed to track the receipt
                }
            }
        }

        private List<Map<String, String>> requireReport(String partType) {
            if (report == null || report.isEmpty()) {
                throw new ReceiptException(kind + " without a " + partType + " part");
            }
            return report;
        }

        /** A Diagnostic-Code without its type ({@code smtp; 550 ...} → {@code 550 ...}; RFC 3464 §2.3.6). */
        private static String withoutType(String diagnostic) {
            return diagnostic.replaceFirst("^\\s*[A-Za-z0-9][A-Za-z0-9-]*\\s*;\\s*", "");
        }

        Receipt dsn() {
            List<Map<String, String>> groups = requireReport("message/delivery-status");
            Map<String, String> perMessage = groups.get(0);
            List<RecipientReport> recipients = new ArrayList<>();
            for (Map<String, String> g : groups.subList(1, groups.size())) {
                String finalRecipient = require(g, "final-recipient", "DSN");
                String action = require(g, "action", "DSN");
                String status = require(g, "status", "DSN");
                String diagnostic = g.get("diagnostic-code");
                recipients.add(new RecipientReport(MessageIds.address(finalRecipient),
                        Optional.ofNullable(g.get("original-recipient")).map(MessageIds::address),
                        RecipientStatus.ofDsnAction(action),
                        status + (diagnostic == null ? "" : " " + withoutType(diagnostic)), Optional.empty()));
            }
            if (recipients.isEmpty()) {
                throw new ReceiptException("DSN without any per-recipient fields (Final-Recipient, Action, Status)");
            }
            return new Receipt(ReceiptKind.DSN, MessageIds.normalise(receiptMessageId),
                    MessageIds.normalise(embeddedMessageId),
                    Optional.ofNullable(perMessage.get("original-envelope-id")).map(String::strip)
                            .filter(s -> !s.isEmpty()).map(MessageIds::xtextDecode),
                    Optional.ofNullable(perMessage.get("reporting-mta")).map(MessageIds::address), recipients);
        }

        Receipt mdn() {
            Map<String, String> fields = requireReport("message/disposition-notification").get(0);
            Disposition disposition = Disposition.parse(require(fields, "disposition", "MDN"), fields.get("error"));
            RecipientReport recipient = new RecipientReport(
                    MessageIds.address(require(fields, "final-recipient", "MDN")),
                    Optional.ofNullable(fields.get("original-recipient")).map(MessageIds::address),
                    disposition.status(), fields.get("disposition"), disposition.errorCode());
            Optional<String> original = MessageIds.normalise(fields.get("original-message-id"));
            return new Receipt(ReceiptKind.MDN, MessageIds.normalise(receiptMessageId),
                    original.isPresent() ? original : MessageIds.normalise(embeddedMessageId), Optional.empty(),
                    Optional.ofNullable(fields.get("reporting-ua")), List.of(recipient));
        }

        private static String require(Map<String, String> group, String name, String what) {
            String value = group.get(name);
            if (value == null || value.isBlank()) {
                throw new ReceiptException(what + " without the required " + name + " field");
            }
            return value;
        }
    }
}
