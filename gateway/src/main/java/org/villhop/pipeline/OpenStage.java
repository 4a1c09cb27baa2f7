package org.villhop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.villhop.delivery.BodySource;
import org.villhop.quarantine.QuarantinePolicy;
import org.villhop.smime.MalformedMessageException;
import org.villhop.smime.SmimeOpener;
import org.villhop.smime.SmimeVerdict;

/**
 * Inbound S/MIME, for mail from outside to local recipients: decrypts with the recipient's key or one of its domain
 * (see {@link KeyRing#decryptionKeys}), verifies the signature (path to the trust anchors, revocation, signer matching
 * From/Sender) and stamps the verdict in {@value InboundStatus#HEADER}, after removing any copy of that header the
 * message arrived with. Nothing is ever dropped: a message that cannot be decrypted or parsed is delivered as it
 * arrived, with a verdict that says so; when the {@link QuarantinePolicy} says so for the verdict, the stage asks the
 * relay to hold the message in the quarantine instead ({@link MessageContext#quarantine}). Mail submitted by a local
 * user is only stamped as such.
 */
public final class OpenStage implements ContentStage {
    private static final Set<SmimeVerdict.Kind> UNOPENED = Set.of(SmimeVerdict.Kind.NO_DECRYPTION_KEY,
            SmimeVerdict.Kind.DECRYPTION_FAILED, SmimeVerdict.Kind.MALFORMED);

    private final SmimeOpener opener;
    private final KeyRing keys;
    private final Path spool;
    private final QuarantinePolicy quarantine;

    /** A stage that delivers everything with its verdict. */
    public OpenStage(SmimeOpener opener, KeyRing keys, Path spool) {
        this(opener, keys, spool, QuarantinePolicy.DELIVER_ALL);
    }

    public OpenStage(SmimeOpener opener, KeyRing keys, Path spool, QuarantinePolicy quarantine) {
        this.opener = opener;
        this.keys = keys;
        this.spool = spool;
        this.quarantine = quarantine;
    }

    @Override
    public String name() {
        return "decrypt+verify";
    }

    @Override
    public boolean appliesTo(MessageContext context) {
        return true;
    }

    @Override
    public void transform(MessageContext context, BodySource in, OutputStream out) throws IOException {
        if (context.submitter() != null) {
            String status = "local; submitted by authenticated user " + context.submitter() + "; not checked";
            write(in, out, status);
            context.note(status);
            return;
        }
        Path opened = Files.createTempFile(spool, "opened-", ".eml");
        try {
            SmimeVerdict verdict;
            try (InputStream message = in.open(); OutputStream to = Files.newOutputStream(opened)) {
                verdict = opener.open(message, to, keys.decryptionKeys(context.accepted()));
            } catch (MalformedMessageException e) {
                verdict = new SmimeVerdict(SmimeVerdict.Kind.MALFORMED, e.getMessage(), false, false, null, null);
            }
            String status = InboundStatus.of(verdict)
                    + (UNOPENED.contains(verdict.kind()) ? "; delivered as received" : "");
            write(UNOPENED.contains(verdict.kind()) ? in : BodySource.ofFile(opened), out, status);
            context.note(InboundStatus.HEADER + ": " + status);
            if (quarantine.quarantines(verdict.kind())) {
                context.quarantine(status);
            }
        } finally {
            Files.deleteIfExists(opened);
        }
    }

    private static void write(BodySource content, OutputStream out, String status) throws IOException {
        try (InputStream edited = HeaderEdit.edited(content.open(), List.of(InboundStatus.HEADER),
                List.of(InboundStatus.HEADER + ": " + status))) {
            edited.transferTo(out);
        }
    }
}
