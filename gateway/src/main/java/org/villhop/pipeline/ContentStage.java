package org.villhop.pipeline;

import java.io.IOException;
import java.io.OutputStream;

import org.villhop.delivery.BodySource;

/**
 * A stage that rewrites the message content (RFC 5322, CRLF line ends): compose a discharge pack, sign, encrypt,
 * decrypt, verify. It streams from {@code in} (opened as often as it needs) to {@code out} and may refuse recipients through the context; when no
 * recipient is left, its output is not used.
 */
public interface ContentStage {

    /** A short name for logs and errors ("sign", "encrypt"). */
    String name();

    /** False when this stage has nothing to do for this message (its content then passes unchanged). */
    boolean appliesTo(MessageContext context);

    /**
     * Asked after {@link #appliesTo(MessageContext)} said true: false when a cheap look at the content (its header
     * section) shows that this stage would pass it unchanged, so that the pipeline skips it without writing a copy.
     */
    default boolean appliesTo(MessageContext context, BodySource content) throws IOException {
        return true;
    }

    /**
     * Writes the transformed message. A {@link StageException} refuses every remaining recipient with its status;
     * an {@link IOException} is a local, temporary failure (the message is tried again later).
     */
    void transform(MessageContext context, BodySource in, OutputStream out) throws IOException, StageException;
}
