package org.villhop.delivery;

/**
 * What the delivery agent sends: an envelope and a way to stream the content.
 *
 * @param envelope the envelope (only the recipients still to be delivered)
 * @param body     opens the content; read once per transaction, never held whole in memory
 * @param size     the content size in bytes, announced with SIZE and checked against the peer's limit
 */
public record OutboundMessage(Envelope envelope, BodySource body, long size) {
    public OutboundMessage {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
    }
}
