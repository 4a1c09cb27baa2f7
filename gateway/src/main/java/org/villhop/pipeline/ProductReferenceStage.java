package org.villhop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Puts the MSSanté product reference ({@code X-MSS-NIL}, configured) on every message a local user sends, once: any
 * copy the message already carries (a client's, or the discharge pack's) is replaced. Runs before signing so that the
 * header is inside what is signed when headers are protected.
 */
public final class ProductReferenceStage implements HeaderStage {
    static final String HEADER = "X-MSS-NIL";

    private final String value;

    public ProductReferenceStage(String value) {
        this.value = value;
    }

    @Override
    public String name() {
        return "X-MSS-NIL";
    }

    @Override
    public boolean appliesTo(MessageContext context) {
        return context.submitter() != null;
    }

    @Override
    public InputStream edited(MessageContext context, InputStream message) throws IOException {
        return HeaderEdit.edited(message, List.of(HEADER), List.of(HEADER + ": " + value));
    }
}
