package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.villhop.policy.HeaderBlock;
import org.villhop.queue.MessageQueue;
import org.villhop.queue.QueuedMessage;
import org.villhop.store.MailboxStore;
import org.villhop.store.OverQuotaException;
import org.villhop.store.StoreException;

/**
 * The copy of what a user submits, in their Sent folder: made by each delivery attempt of a message an authenticated
 * user submitted (before any pipeline, so it is the message as submitted, neither signed nor encrypted), for the users
 * whose {@code sent-copy} is on. The mailbox store keys it by Message-ID (else by queue id), so the copy is made once
 * however many attempts and restarts there are, and not at all when the client APPENDed the message to Sent itself;
 * since the message stays in the queue until its attempt is recorded, a crash before the copy is made only delays it.
 * A failure (full mailbox, store error) is logged, never holds up delivery, and is tried again at the next attempt.
 */
final class SubmissionSentCopy {
    private final MailboxStore store;
    private final Set<String> users;
    private final MessageQueue queue;
    private final Consumer<String> log;

    /** @param users the login names whose submissions are copied */
    SubmissionSentCopy(MailboxStore store, Set<String> users, MessageQueue queue, Consumer<String> log) {
        this.store = store;
        this.users = Set.copyOf(users);
        this.queue = queue;
        this.log = log;
    }

    void store(QueuedMessage message) {
        String user = message.envelope().authenticatedUser();
        if (user == null || !users.contains(user)) {
            return;
        }
        try {
            String key = messageId(message);
            try (InputStream body = queue.openBody(message.id())) {
                store.storeSentCopy(user, body, key == null ? "queue:" + message.id() : key);
            }
        } catch (OverQuotaException e) {
            log.accept("no Sent copy of queue id " + message.id() + " for " + user + ": " + e.getMessage());
        } catch (IOException | StoreException e) {
            log.accept("Sent copy of queue id " + message.id() + " for " + user + " failed (tried again at the next"
                    + " attempt): " + e.getMessage());
        }
    }

    private String messageId(QueuedMessage message) throws IOException {
        try (InputStream body = queue.openBody(message.id())) {
            List<String> ids = HeaderBlock.read(body).values("Message-ID");
            return ids.isEmpty() || ids.getFirst().isBlank() ? null : ids.getFirst();
        } catch (HeaderBlock.HeaderTooLargeException e) {
            return null;
        }
    }
}
