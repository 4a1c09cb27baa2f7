package org.villhop.pipeline;

import java.io.IOException;

import org.villhop.delivery.BodySource;

/**
 * The pipeline's result: the content to deliver (the original, or a rewrite in memory or in a temporary file deleted
 * on close), its size, and the context with the refused recipients and the notes of what was done.
 */
public final class PreparedMessage implements AutoCloseable {
    private final MessageContext context;
    private final BodySource content;
    private final long size;
    private final StageOutput spooled;

    PreparedMessage(MessageContext context, BodySource content, long size, StageOutput spooled) {
        this.context = context;
        this.content = content;
        this.size = size;
        this.spooled = spooled;
    }

    public MessageContext context() {
        return context;
    }

    public BodySource content() {
        return content;
    }

    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        if (spooled != null) {
            spooled.discard();
        }
    }
}
