package org.villhop.queue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable message queue: what the SMTP listeners accept and delivery takes from. Every implementation proves the
 * promises of {@code MessageQueueContract}.
 *
 * <p>Durability: when {@link #commit} (or {@link #enqueue}) returns, the body and the envelope survive a crash or a
 * power cut; only then may a listener say {@code 250}.
 *
 * <p>Delivery works in leases: {@link #claimDue} hands out messages with recipients due now and hides them from other
 * claimers for the lease; the worker reports each recipient with {@link #markSent}, {@link #markDeferred} or
 * {@link #markBounced}, then calls {@link #release}. A message whose recipients are all final is removed at release.
 * A worker that dies simply lets its lease expire; the message is claimed again.
 */
public interface MessageQueue extends AutoCloseable {

    /**
     * Takes a body into the spool: streamed, never whole in memory, except small ones an implementation may keep in
     * memory within a fixed bound until they are committed. The caller closes the result.
     */
    StagedBody stage(InputStream body) throws IOException;

    /**
     * Makes a staged body and its envelope durable and due for delivery now; returns the new queue id. After this the
     * staged body belongs to the queue (closing it no longer deletes anything).
     */
    String commit(StagedBody body, Envelope envelope) throws IOException;

    /**
     * Commits like {@link #commit(StagedBody, Envelope)} a message handed over by another system (an upstream
     * mailbox), recording its {@code idempotencyKey} in the same transaction: from then on {@link #hasAccepted} is true
     * for that key, even after the message has left the queue. A key already recorded is refused (an exception), so a
     * message is never queued twice under one key.
     */
    String commitHandedOver(StagedBody body, Envelope envelope, String idempotencyKey) throws IOException;

    /** Whether a message was committed with this idempotency key ({@link #commitHandedOver}). */
    boolean hasAccepted(String idempotencyKey) throws IOException;

    /** Stages and commits in one step. */
    default String enqueue(Envelope envelope, InputStream body) throws IOException {
        try (StagedBody staged = stage(body)) {
            return commit(staged, envelope);
        }
    }

    /**
     * Claims up to {@code limit} messages having a QUEUED or DEFERRED recipient due at or before {@code now} and no
     * live lease; each stays invisible to other claims until {@code now + lease} or {@link #release}.
     */
    List<QueuedMessage> claimDue(Instant now, Duration lease, int limit) throws IOException;

    /** Ends the lease on a claimed message; removes it when every recipient is final. Returns true when removed. */
    boolean release(String id) throws IOException;

    /** Recipient {@code index} was delivered; {@code reply} is the next hop's reply. */
    void markSent(String id, int index, String reply) throws IOException;

    /**
     * Several recipients of one message were delivered by one transaction ({@code replies}: recipient index → the
     * next hop's reply): recorded as one durable write, so that the window in which a crash makes the gateway send
     * the message again is as short as one commit. The default marks them one by one.
     */
    default void markSent(String id, Map<Integer, String> replies) throws IOException {
        for (Map.Entry<Integer, String> reply : replies.entrySet()) {
            markSent(id, reply.getKey(), reply.getValue());
        }
    }

    /** Recipient {@code index} failed temporarily; it is due again at {@code nextAttempt}. */
    void markDeferred(String id, int index, String reply, Instant nextAttempt) throws IOException;

    /** Recipient {@code index} failed for good (permanent reply, or retries exhausted). */
    void markBounced(String id, int index, String reply) throws IOException;

    /** Opens the body of a queued message. */
    InputStream openBody(String id) throws IOException;

    /** One message, if present. */
    Optional<QueuedMessage> find(String id) throws IOException;

    /** Every message in the queue, oldest first. */
    List<QueuedMessage> list() throws IOException;

    /** Makes every pending recipient of the message due now and drops its lease. False when the id is unknown. */
    boolean retryNow(String id, Instant now) throws IOException;

    /** Removes a message and its body. False when the id is unknown. */
    boolean delete(String id) throws IOException;

    @Override
    void close() throws IOException;
}
