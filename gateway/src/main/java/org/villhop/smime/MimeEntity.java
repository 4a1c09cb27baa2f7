package org.villhop.smime;

import java.io.IOException;
import java.io.OutputStream;

/** A body part to protect: its header block and a one-shot writer of its body. */
record MimeEntity(MimeHeaders headers, BodyWriter body) {

    /** Writes the body once. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the header block, the empty line and the body. */
    void writeTo(OutputStream out) throws IOException {
        headers.writeBlock(out);
        body.writeTo(out);
    }
}
