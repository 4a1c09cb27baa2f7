package org.villhop.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

import org.villhop.storage.DatabaseBodies;
import org.villhop.storage.DurableSqlite;
import org.villhop.storage.InlineBodies;

/**
 * The embedded mailbox store: metadata in SQLite ({@code mailboxes.db}, WAL, synchronous=FULL), message contents
 * stored once even when copied: those of at most 256 KiB in the same database, committed with their metadata
 * ({@link InlineBodies}), larger ones as files under {@code blobs/} (fsynced). One connection for writes,
 * serialized by a lock, and one for reading contents ({@link DatabaseBodies}); listeners are told
 * after each commit. The latest index of each mailbox in use is kept in memory ({@link MailboxIndexes}) and shared by
 * every caller of {@link #snapshot}. While someone listens, commits by another process are looked for every
 * second and announced as {@link MailboxChange.Kind#ELSEWHERE} for each mailbox of each listened user.
 */
public final class SqliteMailboxStore implements MailboxStore {

    /** Default folders with their RFC 6154 special-use attributes. */
    static final Map<String, String> DEFAULT_FOLDERS = Map.of("INBOX", "", "Sent", "\\Sent", "Drafts", "\\Drafts",
            "Trash", "\\Trash", "Junk", "\\Junk");

    /** How often commits by another process are looked for while someone listens. */
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final Connection db;
    private final BlobFiles blobs;
    private final DatabaseBodies contents;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final MailboxIndexes indexes;
    private final MailboxListeners listeners = new MailboxListeners();
    private final MailboxQueries queries;
    private final SentCopies sentCopies;
    private final MessageWriter writer;
    private final DataVersionWatcher watcher;

    private SqliteMailboxStore(Connection db, BlobFiles blobs, InlineBodies inline, DatabaseBodies contents,
                               Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.contents = contents;
        this.indexes = new MailboxIndexes(db);
        this.clock = clock;
        this.queries = new MailboxQueries(db, clock);
        this.sentCopies = new SentCopies(db);
        this.writer = new MessageWriter(this::transaction, queries, sentCopies, blobs, inline, clock);
        this.watcher = new DataVersionWatcher(WATCH_INTERVAL, this::announceChangesElsewhere);
    }

    /** Opens (creating when needed) the store in {@code directory}. */
    public static SqliteMailboxStore open(Path directory, Clock clock) {
        return open(directory, clock, InlineBodies.DEFAULT);
    }

    /** Opens the store keeping in its database the message contents {@code inline} allows. */
    static SqliteMailboxStore open(Path directory, Clock clock, InlineBodies inline) {
        try {
            Files.createDirectories(directory);
            Path database = directory.resolve("mailboxes.db");
            Connection db = DurableSqlite.open(database,
                    java.util.stream.Stream.concat(MailboxQueries.SCHEMA.stream(), SentCopies.SCHEMA.stream()).toList());
            db.setAutoCommit(false);
            db.commit();
            SqliteMailboxStore store = new SqliteMailboxStore(db, new BlobFiles(directory.resolve("blobs")), inline,
                    new DatabaseBodies(database, MailboxQueries.SELECT_CONTENT), clock);
            store.transaction(store.indexes::forgetIfChangedElsewhere);
            return store;
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open the mailbox store in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void ensureUser(String user) {
        transaction(() -> {
            queries.ensureUser(user);
            return null;
        });
    }

    @Override
    public List<String> users() {
        return read(queries::users);
    }

    @Override
    public List<MailboxInfo> listMailboxes(String user) {
        return transaction(() -> {
            queries.ensureUser(user);
            return queries.mailboxes(user, null);
        });
    }

    @Override
    public Optional<MailboxInfo> mailbox(String user, String mailbox) {
        String name = MailboxQueries.normalize(mailbox);
        return transaction(() -> {
            queries.ensureUser(user);
            if (indexes.get(user, name) != null) {
                MailboxSnapshot cached = current(user, name);
                return queries.mailboxAttributes(user, name).map(a -> cached.info(a.subscribed(), a.specialUse()));
            }
            return queries.mailboxes(user, name).stream().findFirst();
        });
    }

    @Override
    public MailboxInfo createMailbox(String user, String mailbox) {
        String name = MailboxQueries.normalize(mailbox);
        MailboxInfo info = transaction(() -> {
            queries.ensureUser(user);
            if (queries.mailboxId(user, name).isPresent()) {
                throw new MailboxExistsException(name);
            }
            queries.insertMailbox(user, name, "");
            return queries.mailboxes(user, name).getFirst();
        });
        listeners.tell(new MailboxChange(user, name, MailboxChange.Kind.MAILBOXES, List.of()));
        return info;
    }

    @Override
    public void deleteMailbox(String user, String mailbox) {
        String name = MailboxQueries.normalize(mailbox);
        if (name.equals("INBOX")) {
            throw new StoreException("INBOX cannot be deleted");
        }
        List<MailboxQueries.Orphan> orphans = transaction(() -> {
            long id = existing(user, name);
            List<MailboxQueries.Orphan> freed = queries.deleteMessages(id, null);
            queries.deleteMailbox(id);
            indexes.removeUser(user);
            return freed;
        });
        dropOrphans(orphans);
        listeners.tell(new MailboxChange(user, name, MailboxChange.Kind.MAILBOXES, List.of()));
    }

    @Override
    public void renameMailbox(String user, String from, String to) {
        String source = MailboxQueries.normalize(from);
        String target = MailboxQueries.normalize(to);
        if (target.equals("INBOX")) {
            throw new MailboxExistsException(target);
        }
        if (source.equals("INBOX")) {
            createMailbox(user, target);
            List<Long> uids = messages(user, source).stream().map(MessageMeta::uid).toList();
            move(user, source, uids, target);
            return;
        }
        transaction(() -> {
            existing(user, source);
            if (queries.mailboxId(user, target).isPresent()) {
                throw new MailboxExistsException(target);
            }
            queries.rename(user, source, target);
            indexes.removeUser(user);
            return null;
        });
        listeners.tell(new MailboxChange(user, source, MailboxChange.Kind.MAILBOXES, List.of()));
    }

    @Override
    public void setSubscribed(String user, String mailbox, boolean subscribed) {
        transaction(() -> {
            queries.subscribe(existing(user, MailboxQueries.normalize(mailbox)), subscribed);
            return null;
        });
    }

    @Override
    public AppendResult append(String user, String folder, InputStream message, Set<String> flags,
                               Instant internalDate) throws IOException {
        String name = MailboxQueries.normalize(folder);
        return store(user, () -> existing(user, name), message, flags, internalDate, null).result();
    }

    @Override
    public Optional<AppendResult> storeSentCopy(String user, InputStream message, String key) throws IOException {
        String copyKey = SentCopies.key(key).orElseThrow(() -> new StoreException("a sent copy needs a key"));
        boolean recorded = transaction(() -> sentCopies.recorded(sentFolder(user), copyKey).isPresent());
        if (recorded) {
            return Optional.empty();
        }
        MessageWriter.Stored stored = store(user, () -> sentFolder(user), message, Set.of(Flags.SEEN), null, copyKey);
        return stored.added() ? Optional.of(stored.result()) : Optional.empty();
    }

    /** The user's {@code \Sent} folder, else the folder named Sent, created (with {@code \Sent}) when missing. */
    private long sentFolder(String user) throws SQLException {
        queries.ensureUser(user);
        Optional<Long> id = sentCopies.sentFolder(user);
        if (id.isEmpty()) {
            id = queries.mailboxId(user, "Sent");
        }
        if (id.isPresent()) {
            return id.get();
        }
        queries.insertMailbox(user, "Sent", "\\Sent");
        return existing(user, "Sent");
    }

    /** Stores a message with {@link MessageWriter} and tells the listeners when it was added. */
    private MessageWriter.Stored store(String user, Work<Long> target, InputStream message, Set<String> flags,
                                       Instant internalDate, String submissionKey) throws IOException {
        MessageWriter.Stored stored = writer.store(user, target, message, flags, internalDate, submissionKey);
        if (stored.added()) {
            listeners.tell(new MailboxChange(user, stored.mailbox(), MailboxChange.Kind.APPENDED,
                    List.of(stored.result().uid())));
        }
        return stored;
    }

    @Override
    public List<MessageMeta> messages(String user, String mailbox) {
        String name = MailboxQueries.normalize(mailbox);
        return transaction(() -> queries.messages(user, name, existing(user, name), null));
    }

    @Override
    public MailboxSnapshot snapshot(String user, String mailbox) {
        String name = MailboxQueries.normalize(mailbox);
        return transaction(() -> current(user, name));
    }

    /**
     * The mailbox's snapshot from the cache (extended with the messages added since, found by UIDNEXT: every way of
     * adding a message goes through UIDNEXT), else loaded from the database and cached.
     */
    private MailboxSnapshot current(String user, String name) throws SQLException {
        return current(user, name, existing(user, name));
    }

    private MailboxSnapshot current(String user, String name, long id) throws SQLException {
        MailboxSnapshot cached = indexes.get(user, name);
        if (cached == null) {
            MailboxSnapshot loaded = queries.snapshot(user, name, id);
            indexes.put(loaded);
            return loaded;
        }
        long uidNext = queries.uidNext(id);
        if (uidNext == cached.uidNext()) {
            return cached;
        }
        long largest = cached.size() == 0 ? 0 : cached.messages().getLast().uid();
        MailboxSnapshot grown = cached.withAppended(queries.messagesAfter(user, name, id, largest), uidNext);
        indexes.put(grown);
        return grown;
    }

    @Override
    public List<MessageMeta> messages(String user, String mailbox, Collection<Long> uids) {
        String name = MailboxQueries.normalize(mailbox);
        return transaction(() -> queries.messages(user, name, existing(user, name), uids));
    }

    @Override
    public List<MessageMeta> messagesAfter(String user, String mailbox, long uid) {
        String name = MailboxQueries.normalize(mailbox);
        return transaction(() -> queries.messagesAfter(user, name, existing(user, name), uid));
    }

    @Override
    public Map<Long, byte[]> headerBlocks(String user, String mailbox, Collection<Long> uids) {
        String name = MailboxQueries.normalize(mailbox);
        return transaction(() -> queries.headerBlocks(existing(user, name), uids));
    }

    @Override
    public RecentClaim claimRecent(String user, String mailbox, long seenUpTo) {
        String name = MailboxQueries.normalize(mailbox);
        Long known = indexes.recentFloor(user, name);
        if (known != null && known >= seenUpTo) {
            // Another session claimed them: answered without the lock (10 000 sessions in IDLE all ask at once).
            return new RecentClaim(known, known);
        }
        return transaction(() -> {
            indexes.forgetIfChangedElsewhere();
            Long floor = indexes.recentFloor(user, name);
            if (floor != null && floor >= seenUpTo) {
                return new RecentClaim(floor, floor);
            }
            RecentClaim claim = queries.claimRecent(existing(user, name));
            indexes.recentFloor(user, name, claim.upTo());
            return claim;
        });
    }

    @Override
    public RecentClaim peekRecent(String user, String mailbox) {
        String name = MailboxQueries.normalize(mailbox);
        return read(() -> new RecentClaim(queries.recentFloor(existing(user, name)), Long.MAX_VALUE));
    }

    @Override
    public int recentCount(String user, String mailbox) {
        String name = MailboxQueries.normalize(mailbox);
        return read(() -> queries.recentCount(existing(user, name)));
    }

    @Override
    public InputStream open(MessageMeta message, long offset) throws IOException {
        byte[] content;
        try {
            content = contents.read(message.blob());
        } catch (SQLException e) {
            throw new IOException("cannot read message " + message.blob() + ": " + e.getMessage(), e);
        }
        if (content == null) {
            return blobs.open(message.blob(), offset);
        }
        int start = (int) Math.min(Math.max(offset, 0), content.length);
        return new ByteArrayInputStream(content, start, content.length - start);
    }

    @Override
    public List<MessageMeta> storeFlags(String user, String mailbox, Collection<Long> uids, FlagChange change,
                                        Set<String> flags) {
        String name = MailboxQueries.normalize(mailbox);
        Set<String> given = Flags.normalize(flags);
        List<MessageMeta> changed = new ArrayList<>();
        List<MessageMeta> result = transaction(() -> {
            long id = existing(user, name);
            MailboxSnapshot snapshot = current(user, name, id);
            List<MessageMeta> updated = new ArrayList<>();
            for (long uid : new TreeSet<>(uids)) {
                MessageMeta meta = snapshot.get(uid);
                if (meta == null) {
                    continue;
                }
                Set<String> next = Flags.apply(meta.flags(), change, given);
                MessageMeta now = meta;
                if (!next.equals(meta.flags())) {
                    queries.updateFlags(id, uid, next);
                    now = meta.withFlags(next);
                    changed.add(now);
                }
                updated.add(now);
            }
            if (!changed.isEmpty()) {
                indexes.put(snapshot.withReplaced(changed));
            }
            return updated;
        });
        if (!changed.isEmpty()) {
            listeners.tell(new MailboxChange(user, name, MailboxChange.Kind.FLAGS,
                    changed.stream().map(MessageMeta::uid).toList()));
        }
        return result;
    }

    @Override
    public List<Long> expunge(String user, String mailbox, Collection<Long> uids) {
        String name = MailboxQueries.normalize(mailbox);
        List<Long> removed = new ArrayList<>();
        List<MailboxQueries.Orphan> orphans = transaction(() -> {
            long id = existing(user, name);
            MailboxSnapshot snapshot = current(user, name, id);
            List<Long> doomed = new ArrayList<>();
            for (MessageMeta meta : uids == null ? snapshot.messages() : snapshot.find(uids).values()) {
                if (meta.flags().contains(Flags.DELETED)) {
                    doomed.add(meta.uid());
                }
            }
            Collections.sort(doomed);
            removed.addAll(doomed);
            if (doomed.isEmpty()) {
                return List.<MailboxQueries.Orphan>of();
            }
            indexes.put(snapshot.without(doomed));
            return queries.deleteMessages(id, doomed);
        });
        dropOrphans(orphans);
        if (!removed.isEmpty()) {
            listeners.tell(new MailboxChange(user, name, MailboxChange.Kind.EXPUNGED, removed));
        }
        return removed;
    }

    @Override
    public CopyResult copy(String user, String from, Collection<Long> uids, String to) {
        return copyOrMove(user, from, uids, to, false);
    }

    @Override
    public CopyResult move(String user, String from, Collection<Long> uids, String to) {
        return copyOrMove(user, from, uids, to, true);
    }

    private CopyResult copyOrMove(String user, String from, Collection<Long> uids, String to, boolean move) {
        String source = MailboxQueries.normalize(from);
        String target = MailboxQueries.normalize(to);
        CopyResult result = transaction(() -> {
            long sourceId = existing(user, source);
            long targetId = existing(user, target);
            List<MessageMeta> originals = queries.messages(user, source, sourceId, uids);
            long added = originals.stream().mapToLong(MessageMeta::size).sum();
            Quota quota = queries.quota(user);
            if (!move && !quota.allows(added)) {
                throw new OverQuotaException(user, quota, added);
            }
            List<Long> sourceUids = new ArrayList<>();
            List<Long> targetUids = new ArrayList<>();
            long validity = 0;
            for (MessageMeta original : originals) {
                queries.addBlobReference(original.blob());
                AppendResult copied = queries.insertMessage(user, targetId, original.blob(), original.internalDate(),
                        original.flags(), original.size());
                validity = copied.uidValidity();
                sourceUids.add(original.uid());
                targetUids.add(copied.uid());
            }
            if (move && !sourceUids.isEmpty()) {
                queries.deleteMessages(sourceId, sourceUids);
            }
            if (move) {
                indexes.remove(user, source);
            }
            if (validity == 0) {
                validity = queries.mailboxes(user, target).getFirst().uidValidity();
            }
            return new CopyResult(validity, sourceUids, targetUids);
        });
        if (!result.destinationUids().isEmpty()) {
            listeners.tell(new MailboxChange(user, target, MailboxChange.Kind.APPENDED, result.destinationUids()));
            if (move) {
                listeners.tell(new MailboxChange(user, source, MailboxChange.Kind.EXPUNGED, result.sourceUids()));
            }
        }
        return result;
    }

    @Override
    public Quota quota(String user) {
        return transaction(() -> {
            queries.ensureUser(user);
            return queries.quota(user);
        });
    }

    @Override
    public void setQuota(String user, long bytes) {
        if (bytes < 0) {
            throw new StoreException("a quota cannot be negative: " + bytes);
        }
        transaction(() -> {
            queries.ensureUser(user);
            queries.setQuota(user, bytes);
            return null;
        });
    }

    @Override
    public AutoCloseable listen(String user, MailboxListener listener) {
        AutoCloseable handle = listeners.add(user, listener);
        watcher.start();
        return handle;
    }

    @Override
    public void close() {
        watcher.stop(); // joins the watcher's thread: no look at the database after this
        lock.lock();
        try (contents) {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the mailbox store: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private long existing(String user, String name) throws SQLException {
        queries.ensureUser(user);
        return queries.mailboxId(user, name).orElseThrow(() -> new MailboxNotFoundException(name));
    }

    /** Tells the listeners of every mailbox of every listened user when another process committed. */
    private void announceChangesElsewhere() {
        List<String> users = listeners.listenedUsers();
        if (users.isEmpty()) {
            return;
        }
        List<MailboxChange> changes = transaction(() -> {
            List<MailboxChange> found = new ArrayList<>();
            if (indexes.forgetIfChangedElsewhere()) {
                for (String user : users) {
                    for (MailboxInfo info : queries.mailboxes(user, null)) {
                        found.add(new MailboxChange(user, info.name(), MailboxChange.Kind.ELSEWHERE, List.of()));
                    }
                }
            }
            return found;
        });
        changes.forEach(listeners::tell);
    }

    /** Forgets the cached contents of blobs removed from the database, and deletes those that had a file. */
    private void dropOrphans(List<MailboxQueries.Orphan> orphans) {
        for (MailboxQueries.Orphan orphan : orphans) {
            contents.forget(orphan.blob());
            if (!orphan.hasFile()) {
                continue;
            }
            try {
                blobs.delete(orphan.blob());
            } catch (IOException e) {
                // The metadata no longer references it: an unreferenced file wastes space but loses nothing.
                continue;
            }
        }
    }

    /** A unit of work on the database. */
    interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T read(Work<T> work) {
        return transaction(work);
    }

    private <T> T transaction(Work<T> work) {
        lock.lock();
        try {
            T result = work.run();
            db.commit();
            indexes.committed();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("mailbox store failure: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private void rollback() {
        indexes.rolledBack();
        try {
            db.rollback();
        } catch (SQLException e) {
            throw new StoreException("mailbox store rollback failed: " + e.getMessage(), e);
        }
    }

    static PreparedStatement prepare(Connection db, String sql, Object... values) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }

    static long single(Connection db, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = prepare(db, sql, values); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
