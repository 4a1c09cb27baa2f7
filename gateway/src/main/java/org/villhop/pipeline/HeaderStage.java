package org.villhop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.villhop.delivery.BodySource;

/**
 * A content stage that only edits the header section (the body streams through untouched): the {@link Pipeline}
 * chains its edit into whatever reads the content next instead of writing a temporary copy of the message.
 */
public interface HeaderStage extends ContentStage {

    /** The message as this stage rewrites it, read from {@code message} as it is read (closing it closes both). */
    InputStream edited(MessageContext context, InputStream message) throws IOException;

    @Override
    default void transform(MessageContext context, BodySource in, OutputStream out) throws IOException {
        try (InputStream edited = edited(context, in.open())) {
            edited.transferTo(out);
        }
    }
}
