package org.villhop.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.villhop.storage.InlineBodies;
import org.villhop.store.SqliteMailboxStore.Work;

/**
 * The write path of {@link SqliteMailboxStore}: a message read and scanned ({@link StagedMessage}), its content
 * placed (in the database, or its file moved into place), then its rows inserted in one transaction of the store:
 * the blob with its IMAP structure, its content when small, the message in its folder, and the Sent-copy record.
 */
final class MessageWriter {
    /** 16 KiB: the header blocks kept for FETCH of header fields; a longer header is read from the message. */
    private static final int MAX_KEPT_HEADER = 16 * 1024;

    /** Runs a unit of work in one transaction of the store, under its lock. */
    interface Transactions {
        <T> T run(Work<T> work);
    }

    private final Transactions transactions;
    private final MailboxQueries queries;
    private final SentCopies sentCopies;
    private final BlobFiles blobs;
    private final InlineBodies inline;
    private final Clock clock;

    MessageWriter(Transactions transactions, MailboxQueries queries, SentCopies sentCopies, BlobFiles blobs,
                  InlineBodies inline, Clock clock) {
        this.transactions = transactions;
        this.queries = queries;
        this.sentCopies = sentCopies;
        this.blobs = blobs;
        this.inline = inline;
        this.clock = clock;
    }

    /** Where a message went, and whether it was added (false: it duplicated a sent copy already there). */
    record Stored(String mailbox, AppendResult result, boolean added) {
    }

    /**
     * Writes, scans and inserts a message into the folder {@code target} gives (read inside the transaction). In a
     * {@code \Sent} folder, {@link SentCopies} keeps the submission copy and the client's APPEND of the same message
     * from both being stored; {@code submissionKey} is non-null for the submission copy.
     */
    Stored store(String user, Work<Long> target, InputStream message, Set<String> flags, Instant internalDate,
                         String submissionKey) throws IOException {
        transactions.run(target);
        try (StagedMessage staged = StagedMessage.read(message, inline, blobs, MAX_KEPT_HEADER)) {
            Quota quota = transactions.run(() -> queries.quota(user));
            if (!quota.allows(staged.size())) {
                throw new OverQuotaException(user, quota, staged.size());
            }
            String blob = staged.place(blobs);
            Stored result;
            try {
                result = transactions.run(() -> insert(user, target.run(), staged, blob, flags, internalDate,
                        submissionKey));
            } catch (RuntimeException e) {
                staged.discard(blobs, blob);
                throw e;
            }
            if (!result.added()) {
                staged.discard(blobs, blob);
            }
            return result;
        }
    }

    /** The rows of a message stored into folder {@code id} (inside the caller's transaction). */
    private Stored insert(String user, long id, StagedMessage staged, String blob, Set<String> flags,
                          Instant internalDate, String submissionKey) throws SQLException {
        MimeScanner.MimeEntity scanned = staged.scanned();
        SentCopies.Folder folder = sentCopies.folder(id);
        Instant at = clock.instant();
        Optional<String> key = submissionKey != null ? Optional.of(submissionKey)
                : folder.sent() ? SentCopies.key(scanned.fields.get("message-id")) : Optional.empty();
        Optional<Long> duplicate = key.isEmpty() ? Optional.empty() : submissionKey != null
                ? sentCopies.recorded(id, submissionKey) : sentCopies.absorb(id, key.get(), at);
        if (duplicate.isPresent()) {
            return new Stored(folder.name(), new AppendResult(sentCopies.uidValidity(id), duplicate.get()), false);
        }
        Quota now = queries.quota(user);
        if (!now.allows(staged.size())) {
            throw new OverQuotaException(user, now, staged.size());
        }
        queries.insertBlob(blob, staged.size(), ImapStructure.envelope(scanned), ImapStructure.body(scanned, false),
                ImapStructure.body(scanned, true), scanned.parts().serialize(), SearchHeaders.of(scanned.fields),
                staged.headerBlock());
        if (staged.content() != null) {
            queries.insertBlobContent(blob, staged.content());
        }
        AppendResult inserted = queries.insertMessage(user, id, blob, internalDate != null ? internalDate : at,
                Flags.normalize(flags), staged.size());
        if (key.isPresent()) {
            sentCopies.record(id, key.get(), inserted.uid(),
                    submissionKey != null ? SentCopies.SUBMISSION : SentCopies.CLIENT, at);
        }
        return new Stored(folder.name(), inserted, true);
    }
}
