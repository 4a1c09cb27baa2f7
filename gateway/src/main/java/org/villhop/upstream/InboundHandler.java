package org.villhop.upstream;

import java.io.InputStream;

/** Where fetched messages go: the gateway's inbound pipeline. */
public interface InboundHandler {

    /**
     * Takes one message. Returns only once the message is durably accepted (written and synced to the queue or store);
     * the message is then flagged or deleted upstream. Throwing means "not accepted": the message stays upstream and is
     * offered again after a backoff, and the fetch of the following ones waits, so that none is skipped. Throw only for
     * a transient failure; a message the pipeline refuses on its content must still be accepted (quarantined) here.
     */
    void accept(FetchedMessage message, InputStream content) throws Exception;

    /**
     * Whether a message with this {@link FetchedMessage#idempotencyKey()} was already accepted. Asked only after a
     * crash left a message handed over but not recorded as accepted; a handler that cannot tell returns false (the
     * message is then handed again, and the Message-ID is the pipeline's last guard).
     */
    default boolean hasAccepted(String idempotencyKey) {
        return false;
    }
}
