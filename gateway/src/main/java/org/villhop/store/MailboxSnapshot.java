package org.villhop.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mailbox's index at one moment, immutable: UIDVALIDITY, UIDNEXT and the light metadata (no envelope or body
 * structure, see {@link MessageMeta#withoutStructure}) of every message by ascending UID. The store keeps the latest
 * one of each mailbox in use and hands the same instance to every session that selects it; a change makes a new
 * snapshot that shares the unchanged entries with the old one and remembers the last {@value #KEPT_CHANGES} changes,
 * so that a session learns what changed since its own snapshot without comparing whole mailboxes ({@link #since}).
 */
public final class MailboxSnapshot {

    static final int KEPT_CHANGES = 32;

    private final String user;
    private final String mailbox;
    private final long uidValidity;
    private final long uidNext;
    private final MessageMeta[] messages;
    private final List<MessageMeta> view;
    /** Shared by the snapshots derived from one load of the mailbox; {@link #version} counts within it. */
    private final Object lineage;
    private final long version;
    /** The changes that made the last snapshots of the lineage, oldest first, the last one made this one. */
    private final MailboxChange[] recent;
    private final int unseen;
    private final int deleted;
    private final long bytes;

    private MailboxSnapshot(MailboxSnapshot base, long uidNext, MessageMeta[] messages, MailboxChange change,
                            int unseen, int deleted, long bytes) {
        this.user = base.user;
        this.mailbox = base.mailbox;
        this.uidValidity = base.uidValidity;
        this.uidNext = uidNext;
        this.messages = messages;
        this.view = Collections.unmodifiableList(Arrays.asList(messages));
        this.lineage = base.lineage;
        this.version = base.version + 1;
        int kept = Math.min(base.recent.length, KEPT_CHANGES - 1);
        this.recent = Arrays.copyOfRange(base.recent, base.recent.length - kept, base.recent.length + 1);
        this.recent[kept] = change;
        this.unseen = unseen;
        this.deleted = deleted;
        this.bytes = bytes;
    }

    private MailboxSnapshot(String user, String mailbox, long uidValidity, long uidNext, MessageMeta[] messages) {
        this.user = user;
        this.mailbox = mailbox;
        this.uidValidity = uidValidity;
        this.uidNext = uidNext;
        this.messages = messages;
        this.view = Collections.unmodifiableList(Arrays.asList(messages));
        this.lineage = new Object();
        this.version = 0;
        this.recent = new MailboxChange[0];
        int unseenCount = 0;
        int deletedCount = 0;
        long total = 0;
        for (MessageMeta meta : messages) {
            unseenCount += unseen(meta);
            deletedCount += deleted(meta);
            total += meta.size();
        }
        this.unseen = unseenCount;
        this.deleted = deletedCount;
        this.bytes = total;
    }

    /** A snapshot of {@code messages}, which must be sorted by ascending UID. */
    static MailboxSnapshot of(String user, String mailbox, long uidValidity, long uidNext, List<MessageMeta> messages) {
        MessageMeta[] light = new MessageMeta[messages.size()];
        for (int i = 0; i < light.length; i++) {
            MessageMeta meta = messages.get(i);
            light[i] = meta.hasStructure() ? meta.withoutStructure() : meta;
        }
        return new MailboxSnapshot(user, mailbox, uidValidity, uidNext, light);
    }

    /**
     * The changes (APPENDED, FLAGS, EXPUNGED, oldest first) that lead from {@code older} to this snapshot, or null
     * when they are not known (another lineage, or too many changes ago): compare the messages then.
     */
    public List<MailboxChange> since(MailboxSnapshot older) {
        long count = version - older.version;
        if (older.lineage != lineage || count < 0 || count > recent.length) {
            return null;
        }
        return Arrays.asList(recent).subList(recent.length - (int) count, recent.length);
    }

    private static int unseen(MessageMeta meta) {
        return meta.flags().contains(Flags.SEEN) ? 0 : 1;
    }

    private static int deleted(MessageMeta meta) {
        return meta.flags().contains(Flags.DELETED) ? 1 : 0;
    }

    public String user() {
        return user;
    }

    public String mailbox() {
        return mailbox;
    }

    public long uidValidity() {
        return uidValidity;
    }

    public long uidNext() {
        return uidNext;
    }

    /** Every message by ascending UID (unmodifiable). */
    public List<MessageMeta> messages() {
        return view;
    }

    public int size() {
        return messages.length;
    }

    /** Position (0-based) of a UID, or -1. */
    public int indexOf(long uid) {
        int low = 0;
        int high = messages.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long value = messages[mid].uid();
            if (value < uid) {
                low = mid + 1;
            } else if (value > uid) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The message with this UID, or null. */
    public MessageMeta get(long uid) {
        int index = indexOf(uid);
        return index < 0 ? null : messages[index];
    }

    /** The mailbox's counters as {@link MailboxStore#mailbox} reports them. */
    MailboxInfo info(boolean subscribed, String specialUse) {
        return new MailboxInfo(mailbox, uidValidity, uidNext, messages.length, unseen, deleted, bytes, subscribed,
                specialUse);
    }

    /** This snapshot with messages added after the last one (their UIDs are larger than any here). */
    MailboxSnapshot withAppended(List<MessageMeta> added, long newUidNext) {
        MessageMeta[] next = Arrays.copyOf(messages, messages.length + added.size());
        int unseenCount = unseen;
        int deletedCount = deleted;
        long total = bytes;
        List<Long> uids = new ArrayList<>(added.size());
        for (int i = 0; i < added.size(); i++) {
            MessageMeta meta = added.get(i).withoutStructure();
            next[messages.length + i] = meta;
            unseenCount += unseen(meta);
            deletedCount += deleted(meta);
            total += meta.size();
            uids.add(meta.uid());
        }
        return new MailboxSnapshot(this, newUidNext, next,
                new MailboxChange(user, mailbox, MailboxChange.Kind.APPENDED, uids), unseenCount, deletedCount, total);
    }

    /** This snapshot with the given messages' metadata replaced (same UIDs; absent ones ignored). */
    MailboxSnapshot withReplaced(Collection<MessageMeta> updated) {
        MessageMeta[] next = messages.clone();
        int unseenCount = unseen;
        int deletedCount = deleted;
        List<Long> uids = new ArrayList<>(updated.size());
        for (MessageMeta meta : updated) {
            int index = indexOf(meta.uid());
            if (index >= 0) {
                MessageMeta light = meta.hasStructure() ? meta.withoutStructure() : meta;
                unseenCount += unseen(light) - unseen(next[index]);
                deletedCount += deleted(light) - deleted(next[index]);
                next[index] = light;
                uids.add(meta.uid());
            }
        }
        return new MailboxSnapshot(this, uidNext, next, new MailboxChange(user, mailbox, MailboxChange.Kind.FLAGS,
                uids), unseenCount, deletedCount, bytes);
    }

    /** This snapshot without the given UIDs. */
    MailboxSnapshot without(Collection<Long> uids) {
        Set<Long> gone = new HashSet<>(uids);
        List<MessageMeta> kept = new ArrayList<>(messages.length);
        List<Long> removed = new ArrayList<>();
        int unseenCount = unseen;
        int deletedCount = deleted;
        long total = bytes;
        for (MessageMeta meta : messages) {
            if (!gone.contains(meta.uid())) {
                kept.add(meta);
            } else {
                removed.add(meta.uid());
                unseenCount -= unseen(meta);
                deletedCount -= deleted(meta);
                total -= meta.size();
            }
        }
        return new MailboxSnapshot(this, uidNext, kept.toArray(MessageMeta[]::new),
                new MailboxChange(user, mailbox, MailboxChange.Kind.EXPUNGED, removed), unseenCount, deletedCount,
                total);
    }

    /** The metadata of the given UIDs present here, by UID. */
    Map<Long, MessageMeta> find(Collection<Long> uids) {
        Map<Long, MessageMeta> found = new HashMap<>();
        for (long uid : uids) {
            MessageMeta meta = get(uid);
            if (meta != null) {
                found.put(uid, meta);
            }
        }
        return found;
    }
}
