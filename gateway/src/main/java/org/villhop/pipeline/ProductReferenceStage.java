package org.villhop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import org.villhop.delivery.BodySource;

/**
 * Puts the MSSanté product reference ({@code X-MSS-NIL}, configured) on every message a local user sends, once: any
 * copy the message already carries (a client's, or the discharge pack's) is replaced. Runs before signing so that the
 * header is inside what is signed when headers are protected.
 */
public final class ProductReferenceStage implements ContentStage {
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
    public void transform(MessageContext context, BodySource in, OutputStream out) throws IOException {
        try (InputStream edited = HeaderEdit.edited(in.open(), List.of(HEADER), List.of(HEADER + ": " + value))) {
            edited.transferTo(out);
        }
    }
}
