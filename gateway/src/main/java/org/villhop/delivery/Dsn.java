package org.villhop.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A delivery status notification ready to be queued: its envelope (null sender, to the original sender) and its
 * content, written on demand (streaming the original message when RET=FULL).
 */
public final class Dsn {
    private final DsnKind kind;
    private final Envelope envelope;
    private final List<RecipientOutcome> reported;
    private final DsnWriter writer;

    Dsn(DsnKind kind, Envelope envelope, List<RecipientOutcome> reported, DsnWriter writer) {
        this.kind = kind;
        this.envelope = envelope;
        this.reported = List.copyOf(reported);
        this.writer = writer;
    }

    public DsnKind kind() {
        return kind;
    }

    /** MAIL FROM:&lt;&gt;, RCPT TO: the original sender, NOTIFY=NEVER (a DSN never causes another DSN). */
    public Envelope envelope() {
        return envelope;
    }

    /** The recipients this DSN reports on. */
    public List<RecipientOutcome> reported() {
        return reported;
    }

    /** Writes the RFC 3464 multipart/report message with CRLF line ends. */
    public void writeTo(OutputStream out) throws IOException {
        writer.write(this, out);
    }
}
