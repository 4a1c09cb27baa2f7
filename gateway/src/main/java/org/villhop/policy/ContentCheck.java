package org.villhop.policy;

import java.io.IOException;
import java.io.InputStream;

/**
 * A judgement on a message's content, made after it is spooled and before it is acknowledged, so that a message that
 * can never be sent is refused at SMTP time rather than bounced later (for example an invalid discharge request).
 */
@FunctionalInterface
public interface ContentCheck {
    /** Accepts everything. */
    ContentCheck NONE = (submitter, message) -> Verdict.accept();

    /** Opens the spooled message from its start; each call gives a new stream. */
    @FunctionalInterface
    interface MessageSource {
        InputStream open() throws IOException;
    }

    /** The verdict on the message {@code submitter} sent: accepted, or the refusal to reply. */
    Verdict check(Submitter submitter, MessageSource message) throws IOException;
}
