package org.villhop.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;

import static org.villhop.store.ImapStrings.nstring;
import static org.villhop.store.ImapStrings.string;

/** Renders a scanned entity as IMAP ENVELOPE, BODY and BODYSTRUCTURE (RFC 3501 section 7.4.2). */
final class ImapStructure {

    private ImapStructure() {
    }

    static String envelope(MimeScanner.MimeEntity message) {
        var f = message.fields;
        String from = addresses(f.get("from"));
        String sender = f.containsKey("sender") ? addresses(f.get("sender")) : from;
        String replyTo = f.containsKey("reply-to") ? addresses(f.get("reply-to")) : from;
        return "(" + nstring(f.get("date")) + " " + nstring(f.get("subject")) + " " + from + " " + sender + " "
                + replyTo + " " + addresses(f.get("to")) + " " + addresses(f.get("cc")) + " "
                + addresses(f.get("bcc")) + " " + nstring(f.get("in-reply-to")) + " " + nstring(f.get("message-id"))
                + ")";
    }

    private static String addresses(String value) {
        if (value == null || value.isBlank()) {
            return "NIL";
        }
        AddressList list;
        try {
            list = LenientAddressParser.DEFAULT.parseAddressList(value);
        } catch (RuntimeException e) {
            return "NIL";
        }
        StringBuilder out = new StringBuilder("(");
        for (Address address : list) {
            if (address instanceof Mailbox mailbox) {
                out.append(mailbox(mailbox));
            } else if (address instanceof Group group) {
                out.append("(NIL NIL ").append(string(group.getName())).append(" NIL)");
                group.getMailboxes().forEach(m -> out.append(mailbox(m)));
                out.append("(NIL NIL NIL NIL)");
            }
        }
        return out.length() == 1 ? "NIL" : out.append(')').toString();
    }

    private static String mailbox(Mailbox mailbox) {
        return "(" + nstring(encodedName(mailbox.getName())) + " NIL " + nstring(mailbox.getLocalPart()) + " "
                + nstring(mailbox.getDomain()) + ")";
    }

    /** Names are given back as RFC 2047 words when not plain ASCII, as clients expect in an ENVELOPE. */
    private static String encodedName(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            return name;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    static String body(MimeScanner.MimeEntity entity, boolean extensions) {
        StringBuilder out = new StringBuilder("(");
        if (entity.multipart() && !entity.children.isEmpty()) {
            for (MimeScanner.MimeEntity child : entity.children) {
                out.append(body(child, extensions));
            }
            out.append(' ').append(string(entity.subtype));
            if (extensions) {
                out.append(' ').append(params(entity.params)).append(' ').append(disposition(entity)).append(' ')
                        .append(nstring(entity.fields.get("content-language"))).append(' ')
                        .append(nstring(entity.fields.get("content-location")));
            }
            return out.append(')').toString();
        }
        String type = entity.multipart() ? "TEXT" : entity.type;
        String subtype = entity.multipart() ? "PLAIN" : entity.subtype;
        String encoding = entity.fields.getOrDefault("content-transfer-encoding", "7BIT").trim();
        out.append(string(type)).append(' ').append(string(subtype)).append(' ')
                .append(entity.multipart() ? "NIL" : params(entity.params)).append(' ')
                .append(nstring(entity.fields.get("content-id"))).append(' ')
                .append(nstring(entity.fields.get("content-description"))).append(' ')
                .append(string(encoding.isEmpty() ? "7BIT" : encoding.toUpperCase(Locale.ROOT))).append(' ')
                .append(entity.end - entity.bodyStart);
        if (entity.message() && !entity.children.isEmpty()) {
            MimeScanner.MimeEntity embedded = entity.children.getFirst();
            out.append(' ').append(envelope(embedded)).append(' ').append(body(embedded, extensions)).append(' ')
                    .append(entity.lines);
        } else if (type.equals("TEXT")) {
            out.append(' ').append(entity.lines);
        }
        if (extensions) {
            out.append(' ').append(nstring(entity.fields.get("content-md5"))).append(' ').append(disposition(entity))
                    .append(' ').append(nstring(entity.fields.get("content-language"))).append(' ')
                    .append(nstring(entity.fields.get("content-location")));
        }
        return out.append(')').toString();
    }

    private static String params(List<NameValuePair> params) {
        StringBuilder out = new StringBuilder("(");
        for (NameValuePair param : params) {
            if (param.getValue() == null) {
                continue;
            }
            if (out.length() > 1) {
                out.append(' ');
            }
            out.append(string(param.getName().toUpperCase(Locale.ROOT))).append(' ').append(string(param.getValue()));
        }
        return out.length() == 1 ? "NIL" : out.append(')').toString();
    }

    private static String disposition(MimeScanner.MimeEntity entity) {
        String value = entity.fields.get("content-disposition");
        if (value == null || value.isBlank()) {
            return "NIL";
        }
        RawBody body = RawFieldParser.DEFAULT.parseRawBody(new RawField("Content-Disposition", value));
        if (body.getValue() == null || body.getValue().isBlank()) {
            return "NIL";
        }
        return "(" + string(body.getValue().toUpperCase(Locale.ROOT)) + " " + params(body.getParams()) + ")";
    }
}
