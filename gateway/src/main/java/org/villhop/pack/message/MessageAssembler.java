package org.villhop.pack.message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.Fields;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawField;
import org.villhop.pack.DischargePack;
import org.villhop.pack.PackDocument;
import org.villhop.pack.PackSettings;
import org.villhop.pack.message.CompositionResult.PatientCopy;
import org.villhop.pack.render.DocumentKind;
import org.villhop.pack.request.DischargeRequest;
import org.villhop.pack.xdm.XdmArchiveWriter;

/**
 * Rewrites a submitted message around its pack: a short non-clinical text, one PDF per document, {@code IHE_XDM.ZIP},
 * then the attachments passed through unchanged; the MSSanté subject and headers; the Mon espace santé copy; the
 * threading of a correction. The Message-ID stays the one submitted (it must survive signing and encryption).
 */
final class MessageAssembler {

    private static final List<String> REPLACED = List.of("Subject", "Content-Type", "Content-Transfer-Encoding",
            "MIME-Version", "Message-ID", "X-MSS-CODECDA", "X-MSS-INS", "X-MSS-NIL", "X-MSS-MES",
            "Disposition-Notification-To");

    private final PackSettings settings;
    private final PatientCopyRule patientCopyRule;

    MessageAssembler(PackSettings settings, PatientCopyRule patientCopyRule) {
        this.settings = settings;
        this.patientCopyRule = patientCopyRule;
    }

    CompositionResult.Composed assemble(Message message, DischargePack pack, List<Entity> passThrough,
                                        String messageId) throws IOException {
        DischargeRequest r = pack.request();
        MultipartBuilder body = MultipartBuilder.create("mixed");
        body.addBodyPart(BodyPartBuilder.create().setBody(text(pack), "plain", StandardCharsets.UTF_8)
                .setContentTransferEncoding("quoted-printable").build());
        List<DocumentKind> kinds = new ArrayList<>();
        for (PackDocument d : pack.documents()) {
            body.addBodyPart(attachment(d.pdf(), "application/pdf", d.kind().pdfFileName()));
            kinds.add(d.kind());
        }
        body.addBodyPart(attachment(pack.xdmZip(), "application/zip", XdmArchiveWriter.ARCHIVE_NAME));
        for (Entity part : passThrough) {
            part.setParent(null);
            body.addBodyPart(part);
        }
        message.removeBody();
        message.setBody(body.build());

        Header header = message.getHeader();
        REPLACED.forEach(header::removeFields);
        String subject = MssHeaders.subject(pack);
        header.addField(raw("MIME-Version", "1.0"));
        header.addField(Fields.contentType("multipart/mixed",
                new NameValuePair("boundary", "villhop-" + UUID.randomUUID())));
        header.addField(raw("Message-ID", messageId));
        header.addField(Fields.subject(subject));
        List<String> codes = MssHeaders.codeCda(pack);
        codes.forEach(code -> header.addField(raw("X-MSS-CODECDA", code)));
        header.addField(raw("X-MSS-INS", MssHeaders.ins(r)));
        header.addField(raw("X-MSS-NIL", settings.nilValue()));
        if (r.integrationReceipt() && message.getFrom() != null && !message.getFrom().isEmpty()) {
            header.addField(raw("Disposition-Notification-To", message.getFrom().get(0).getAddress()));
        }
        if (r.isCorrection()) {
            header.removeFields("In-Reply-To");
            header.removeFields("References");
            header.addField(raw("In-Reply-To", r.replacesMessageId()));
            header.addField(raw("References", r.replacesMessageId()));
        }
        PatientCopy copy = patientCopyRule.decide(r);
        List<String> added = new ArrayList<>();
        if (copy.sent()) {
            if (!r.patientMayReply()) {
                header.addField(raw("X-MSS-MES", "FIN"));
            }
            boolean alreadyThere = recipients(message).stream()
                    .anyMatch(m -> m.getAddress().equalsIgnoreCase(copy.address()));
            if (!alreadyThere) {
                Field cc = header.getField("Cc");
                header.removeFields("Cc");
                header.addField(raw("Cc", cc == null ? copy.address() : cc.getBody().trim() + ", " + copy.address()));
            }
            added.add(copy.address());
        }
        return new CompositionResult.Composed(messageId, subject, kinds, codes, copy, added);
    }

    /** Every To and Cc mailbox of the message. */
    static List<Mailbox> recipients(Message message) {
        List<Mailbox> all = new ArrayList<>();
        for (AddressList list : new AddressList[] {message.getTo(), message.getCc()}) {
            if (list != null) {
                all.addAll(list.flatten());
            }
        }
        return all;
    }

    private static Entity attachment(byte[] content, String mediaType, String fileName) throws IOException {
        return BodyPartBuilder.create().setBody(content, mediaType).setContentTransferEncoding("base64")
                .setContentDisposition("attachment", fileName).build();
    }

    private static String text(DischargePack pack) {
        DischargeRequest r = pack.request();
        return "Bonjour,\r\n\r\n"
                + "Veuillez trouver ci-joints les documents de sortie d'hospitalisation de votre patient(e) : "
                + pack.documents().size() + " document(s) PDF et l'archive " + XdmArchiveWriter.ARCHIVE_NAME
                + " destinée à votre logiciel.\r\n\r\n"
                + "Service " + r.stay().service() + ", " + r.establishment().name() + "\r\n"
                + "Téléphone : " + r.stay().servicePhone() + "\r\n";
    }

    private static Field raw(String name, String value) {
        return new RawField(name, value);
    }
}
