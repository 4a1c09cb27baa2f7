package org.villhop.pipeline;

/** A stage that decides on recipients from the envelope alone (no content read), refusing some through the context. */
@FunctionalInterface
public interface RecipientCheck {
    void check(MessageContext context);
}
