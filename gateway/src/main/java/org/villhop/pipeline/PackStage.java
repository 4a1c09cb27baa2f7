package org.villhop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.villhop.delivery.BodySource;
import org.villhop.pack.message.CompositionResult;
import org.villhop.pack.message.DischargeMessageComposer;

/**
 * The discharge-pack stage, first of the outbound content stages (before signing): a message submitted by a local
 * user that carries a discharge request is rebuilt with its pack; an invalid request refuses the message (5.6.0,
 * with the problems); a message without request passes byte for byte. The patient's copy, when the composer adds
 * one, is asked for through {@link MessageContext#addRecipients}; when there is none, the sender is told why
 * ({@link MessageContext#tellSender}).
 */
public final class PackStage implements ContentStage {
    private final DischargeMessageComposer composer;

    public PackStage(DischargeMessageComposer composer) {
        this.composer = composer;
    }

    @Override
    public String name() {
        return "pack";
    }

    @Override
    public boolean appliesTo(MessageContext context) {
        return context.submitter() != null;
    }

    /** A message whose header section shows it carries no discharge request passes without being parsed. */
    @Override
    public boolean appliesTo(MessageContext context, BodySource content) throws IOException {
        try (InputStream message = content.open()) {
            return DischargeRequestHint.mayCarryRequest(message);
        }
    }

    @Override
    public void transform(MessageContext context, BodySource in, OutputStream out) throws IOException,
            StageException {
        CompositionResult result;
        try (InputStream submitted = in.open()) {
            result = composer.compose(submitted, out);
        }
        switch (result) {
            case CompositionResult.NotADischarge none -> {
            }
            case CompositionResult.Composed composed -> {
                context.note("discharge pack composed (" + composed.documents().size() + " documents)");
                context.addRecipients(composed.addedRecipients());
                if (!composed.patientCopy().sent()) {
                    context.tellSender("No copy of the discharge pack " + composed.messageId()
                            + " went to the patient's Mon espace santé mailbox: " + composed.patientCopy().reason());
                }
            }
            case CompositionResult.Refused refused ->
                    throw new StageException(new Refusal("5.6.0", refused.smtpText(5)));
        }
    }
}
