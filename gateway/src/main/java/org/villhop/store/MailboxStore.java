package org.villhop.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-user mailboxes: folders with UIDVALIDITY and strictly increasing UIDs, messages stored once exactly as received,
 * flags, quotas and change notifications. Implementations are thread-safe. Mailbox names are compared exactly, except
 * {@code INBOX} which is case-insensitive. Every method that names a user creates that user's default folders on first
 * use (INBOX, Sent, Drafts, Trash, Junk).
 */
public interface MailboxStore extends AutoCloseable {

    /** Creates the user's default folders when missing. */
    void ensureUser(String user);

    /** Users known to the store, sorted. */
    List<String> users();

    List<MailboxInfo> listMailboxes(String user);

    Optional<MailboxInfo> mailbox(String user, String mailbox);

    /** @throws MailboxExistsException when the name is taken */
    MailboxInfo createMailbox(String user, String mailbox);

    /** Deletes the mailbox and its messages. INBOX cannot be deleted. */
    void deleteMailbox(String user, String mailbox);

    /**
     * Renames a mailbox and its children ({@code name/...}). Renaming INBOX moves its messages to the new mailbox and
     * leaves INBOX empty (RFC 3501 section 6.3.5).
     */
    void renameMailbox(String user, String from, String to);

    void setSubscribed(String user, String mailbox, boolean subscribed);

    /**
     * The gateway's delivery entry point: stores the message exactly as read from {@code message} (streamed, fsynced)
     * in the user's folder and returns its UID. Equivalent to {@code append(user, folder, message, flags, now)}.
     */
    default AppendResult deliver(String user, String folder, InputStream message, Set<String> flags)
            throws IOException {
        return append(user, folder, message, flags, null);
    }

    /**
     * Stores a message. {@code internalDate} null means now.
     *
     * @throws OverQuotaException when the message would take the user over their quota (nothing is stored)
     * @throws MailboxNotFoundException when the folder does not exist
     */
    AppendResult append(String user, String folder, InputStream message, Set<String> flags, Instant internalDate)
            throws IOException;

    /**
     * Stores the copy of a message the user submitted in their {@code \Sent} folder (created when missing), with
     * {@code \Seen}, once per {@code key} (the message's Message-ID, or another key unique to the submission): empty
     * when that key is already there (an earlier attempt stored it, or the client APPENDed the same message first).
     * A client APPEND to the {@code \Sent} folder of a message with the same Message-ID soon after is answered with
     * this copy's UID instead of storing a second one.
     *
     * @throws OverQuotaException when the copy would take the user over their quota (nothing is stored)
     */
    Optional<AppendResult> storeSentCopy(String user, InputStream message, String key) throws IOException;

    /** Metadata of every message of the mailbox, by ascending UID. */
    List<MessageMeta> messages(String user, String mailbox);

    /**
     * The mailbox's current index: UIDVALIDITY, UIDNEXT and every message's metadata without envelope and body
     * structure (see {@link MessageMeta#hasStructure}), immutable. Sessions that select the same mailbox get the same
     * instance until a change replaces it (listeners are told after the new snapshot is in place). Changes committed
     * by another process are seen by the next call.
     *
     * @throws MailboxNotFoundException when the mailbox does not exist
     */
    MailboxSnapshot snapshot(String user, String mailbox);

    /** The messages of {@link #snapshot}: light metadata of every message of the mailbox, by ascending UID. */
    default List<MessageMeta> index(String user, String mailbox) {
        return snapshot(user, mailbox).messages();
    }

    /** Metadata of the given UIDs that exist in the mailbox, by ascending UID. */
    List<MessageMeta> messages(String user, String mailbox, Collection<Long> uids);

    /** Metadata of the messages whose UID is greater than {@code uid}, by ascending UID. */
    List<MessageMeta> messagesAfter(String user, String mailbox, long uid);

    /**
     * The raw top-level header block (up to and including the blank line) of the given UIDs, kept at delivery for
     * headers of at most 16 KiB; messages with a larger header are absent from the map (read them with {@link #open}).
     */
    Map<Long, byte[]> headerBlocks(String user, String mailbox, Collection<Long> uids);

    /**
     * Claims the mailbox's recent messages for a read-write session that knows its messages up to UID
     * {@code seenUpTo}: when the floor is below it, the messages above the floor, which is then raised to the last
     * UID, so that the next session does not see them as recent; else nothing (an empty claim at the floor).
     *
     * @throws MailboxNotFoundException when the mailbox does not exist
     */
    RecentClaim claimRecent(String user, String mailbox, long seenUpTo);

    /** The recent messages as a read-only session sees them, without claiming them (EXAMINE). */
    RecentClaim peekRecent(String user, String mailbox);

    /** How many messages of the mailbox are recent (STATUS RECENT). */
    int recentCount(String user, String mailbox);

    /** The stored bytes of a message, from {@code offset}. */
    InputStream open(MessageMeta message, long offset) throws IOException;

    /** Changes flags of the given UIDs (missing UIDs ignored); returns the updated messages. */
    List<MessageMeta> storeFlags(String user, String mailbox, Collection<Long> uids, FlagChange change,
                                 Set<String> flags);

    /** Removes the given UIDs that carry {@code \Deleted}; {@code uids} null means all such messages. Returns them. */
    List<Long> expunge(String user, String mailbox, Collection<Long> uids);

    /** Copies messages (sharing the stored bytes) and returns the UID mapping. */
    CopyResult copy(String user, String from, Collection<Long> uids, String to);

    /** Copies then removes the originals, atomically. */
    CopyResult move(String user, String from, Collection<Long> uids, String to);

    Quota quota(String user);

    /** Sets the user's quota in bytes; {@code 0} means unlimited. */
    void setQuota(String user, long bytes);

    /**
     * Registers a listener told after every committed change of the user's mailboxes (possibly from another thread).
     * Listeners must return quickly. Closing the returned handle unregisters it.
     */
    AutoCloseable listen(String user, MailboxListener listener);

    @Override
    void close();

    /** How {@link #storeFlags} applies the given flags. */
    enum FlagChange { REPLACE, ADD, REMOVE }
}
