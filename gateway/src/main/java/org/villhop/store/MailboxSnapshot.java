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
 * snapshot that shares the unchanged entries with the old one.
 */
public final class MailboxSnapshot {

    private final String user;
    private final String mailbox;
    private final long uidValidity;
    private final long uidNext;
    private final MessageMeta[] messages;
    private final List<MessageMeta> view;

    private MailboxSnapshot(String user, String mailbox, long uidValidity, long uidNext, MessageMeta[] messages) {
        this.user = user;
        this.mailbox = mailbox;
        this.uidValidity = uidValidity;
        this.uidNext = uidNext;
        this.messages = messages;
        this.view = Collections.unmodifiableList(Arrays.asList(messages));
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
        int unseen = 0;
        int deleted = 0;
        long bytes = 0;
        for (MessageMeta meta : messages) {
            unseen += meta.flags().contains(Flags.SEEN) ? 0 : 1;
            deleted += meta.flags().contains(Flags.DELETED) ? 1 : 0;
            bytes += meta.size();
        }
        return new MailboxInfo(mailbox, uidValidity, uidNext, messages.length, unseen, deleted, bytes, subscribed,
                specialUse);
    }

    /** This snapshot with messages added after the last one (their UIDs are larger than any here). */
    MailboxSnapshot withAppended(List<MessageMeta> added, long newUidNext) {
        MessageMeta[] next = Arrays.copyOf(messages, messages.length + added.size());
        for (int i = 0; i < added.size(); i++) {
            next[messages.length + i] = added.get(i).withoutStructure();
        }
        return new MailboxSnapshot(user, mailbox, uidValidity, newUidNext, next);
    }

    /** This snapshot with the given messages' metadata replaced (same UIDs; absent ones ignored). */
    MailboxSnapshot withReplaced(Collection<MessageMeta> updated) {
        MessageMeta[] next = messages.clone();
        for (MessageMeta meta : updated) {
            int index = indexOf(meta.uid());
            if (index >= 0) {
                next[index] = meta.hasStructure() ? meta.withoutStructure() : meta;
            }
        }
        return new MailboxSnapshot(user, mailbox, uidValidity, uidNext, next);
    }

    /** This snapshot without the given UIDs. */
    MailboxSnapshot without(Collection<Long> uids) {
        Set<Long> gone = new HashSet<>(uids);
        List<MessageMeta> kept = new ArrayList<>(messages.length);
        for (MessageMeta meta : messages) {
            if (!gone.contains(meta.uid())) {
                kept.add(meta);
            }
        }
        return new MailboxSnapshot(user, mailbox, uidValidity, uidNext, kept.toArray(MessageMeta[]::new));
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
