package org.villhop.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.villhop.store.MailboxChange;
import org.villhop.store.MailboxNotFoundException;
import org.villhop.store.MailboxSnapshot;
import org.villhop.store.MailboxStore;
import org.villhop.store.MessageMeta;
import org.villhop.store.RecentClaim;

/**
 * The session's view of its selected mailbox: messages by sequence number. The view is the store's shared
 * {@link MailboxSnapshot} the session last synchronised with (one index in memory for every session on the mailbox);
 * only while expunges are held back from the client is it a list of the session's own. Changes committed by any
 * session mark the view stale; {@link #sync} then tells the client (EXISTS, EXPUNGE, FETCH FLAGS) how the latest
 * snapshot differs from what it was last told. Messages are {@code \Recent} for the session that first saw them
 * (RFC 3501 section 2.3.2): a read-write session claims them from the store when it selects the mailbox and when new
 * ones appear; a read-only one sees those nobody claimed yet.
 */
final class SelectedMailbox {

    private final MailboxStore store;
    private final String user;
    private final String name;
    private final boolean readOnly;
    private final long uidValidity;
    private MailboxSnapshot snapshot;
    private List<MessageMeta> messages;
    /** Whether {@link #messages} still holds expunged messages the client has not been told of. */
    private boolean holding;
    /** Flags the session itself already sent for a UID during the current command (STORE, FETCH setting \Seen). */
    private final Map<Long, Set<String>> reported = new HashMap<>();
    private volatile boolean stale;
    private volatile Runnable onChange = () -> { };
    /** The UID ranges this session holds as recent (disjoint, ascending). */
    private final List<RecentClaim> recent = new ArrayList<>();
    private int recentTold;

    SelectedMailbox(MailboxStore store, String user, boolean readOnly, MailboxSnapshot snapshot) {
        this.store = store;
        this.user = user;
        this.name = snapshot.mailbox();
        this.readOnly = readOnly;
        this.uidValidity = snapshot.uidValidity();
        this.snapshot = snapshot;
        this.messages = snapshot.messages();
        recent.add(readOnly ? store.peekRecent(user, name) : store.claimRecent(user, name, largestUid()));
        recentTold = recentCount();
    }

    /** Whether the message is {@code \Recent} for this session. */
    boolean isRecent(long uid) {
        for (RecentClaim claim : recent) {
            if (claim.contains(uid)) {
                return true;
            }
        }
        return false;
    }

    /** How many messages of the view are recent for this session (the view is in ascending UID order). */
    int recentCount() {
        int count = 0;
        for (RecentClaim claim : recent) {
            count += firstAbove(claim.upTo()) - firstAbove(claim.above());
        }
        return count;
    }

    /** The index of the first message of the view whose UID is above {@code uid}. */
    private int firstAbove(long uid) {
        int low = 0;
        int high = messages.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (messages.get(mid).uid() <= uid) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The message's flags as this session reports them, {@code \Recent} included. */
    String flags(MessageMeta meta) {
        return Responses.flags(meta.flags(), isRecent(meta.uid()));
    }

    /** Tells the client the view grew: EXISTS, after claiming the new messages, and RECENT when it changed. */
    private void grew(ImapConnection out) throws IOException {
        long largest = largestUid();
        if (!readOnly && largest > recent.getLast().upTo()) {
            recent.add(store.claimRecent(user, name, largest));
        }
        out.line("* " + messages.size() + " EXISTS");
        int count = recentCount();
        if (count != recentTold) {
            out.line("* " + count + " RECENT");
            recentTold = count;
        }
    }

    String name() {
        return name;
    }

    boolean readOnly() {
        return readOnly;
    }

    long uidValidity() {
        return uidValidity;
    }

    /** The messages as the client knows them, by sequence number (unmodifiable). */
    List<MessageMeta> messages() {
        return messages;
    }

    int size() {
        return messages.size();
    }

    long largestUid() {
        return messages.isEmpty() ? 0 : messages.getLast().uid();
    }

    /** Called by the store's listener (any thread). */
    void changed(MailboxChange change) {
        if (change.mailbox().equals(name) && change.kind() != MailboxChange.Kind.MAILBOXES) {
            stale = true;
            onChange.run();
        }
    }

    /**
     * Makes the next {@link #sync} ask the store for the latest snapshot even without a change announced, for mail
     * stored by another process (an administrator's {@code villhop mailbox deliver}).
     */
    void lookForNewMessages() {
        stale = true;
    }

    void onChange(Runnable action) {
        this.onChange = action;
    }

    /** Sequence number (1-based) of a UID, or 0. */
    int sequenceOf(long uid) {
        int low = 0;
        int high = messages.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long value = messages.get(mid).uid();
            if (value < uid) {
                low = mid + 1;
            } else if (value > uid) {
                high = mid - 1;
            } else {
                return mid + 1;
            }
        }
        return 0;
    }

    /** The session sent the client these flags of this message: the next {@link #sync} does not repeat them. */
    void reported(MessageMeta updated) {
        reported.put(updated.uid(), updated.flags());
    }

    /** Reports the session's own expunges (and any other change) now: after EXPUNGE and MOVE. */
    void refresh(ImapConnection out) throws IOException {
        stale = true;
        sync(out, true);
    }

    /**
     * Reports changes since the last look. Expunges are held back while {@code allowExpunge} is false (during FETCH,
     * STORE and SEARCH by sequence number, RFC 3501 section 7.4.1).
     */
    void sync(ImapConnection out, boolean allowExpunge) throws IOException {
        if (!stale && !(holding && allowExpunge)) {
            return;
        }
        stale = false;
        MailboxSnapshot latest;
        try {
            latest = store.snapshot(user, name);
        } catch (MailboxNotFoundException e) {
            // Deleted by another session: nothing more to report; the client's next command on it gets NO.
            return;
        }
        if (latest.uidValidity() != uidValidity || latest == snapshot && !holding) {
            reported.clear();
            return;
        }
        report(latest, out, allowExpunge);
        snapshot = latest;
        reported.clear();
    }

    private void report(MailboxSnapshot latest, ImapConnection out, boolean allowExpunge) throws IOException {
        List<MailboxChange> changes = holding ? null : latest.since(snapshot);
        if (changes == null || !reportChanges(changes, latest, out, allowExpunge)) {
            compare(latest, out, allowExpunge);
        }
    }

    /**
     * Tells the client the given changes (those since the session's snapshot), looking only at the messages they
     * name. False, with nothing told, when expunges must be held back: {@link #compare} handles that.
     */
    private boolean reportChanges(List<MailboxChange> changes, MailboxSnapshot latest, ImapConnection out,
                                  boolean allowExpunge) throws IOException {
        Set<Long> expunged = new TreeSet<>();
        Set<Long> flagged = new TreeSet<>();
        for (MailboxChange change : changes) {
            switch (change.kind()) {
                case EXPUNGED -> expunged.addAll(change.uids());
                case FLAGS -> flagged.addAll(change.uids());
                default -> { }
            }
        }
        if (!expunged.isEmpty() && !allowExpunge) {
            return false;
        }
        int before = messages.size();
        int removed = 0;
        for (long uid : expunged) {
            int seq = sequenceOf(uid);
            if (seq > 0) {
                out.line("* " + (seq - removed) + " EXPUNGE");
                removed++;
            }
        }
        for (long uid : flagged) {
            int seq = expunged.contains(uid) ? 0 : sequenceOf(uid);
            MessageMeta current = latest.get(uid);
            if (seq > 0 && current != null) {
                MessageMeta old = messages.get(seq - 1);
                if (!current.flags().equals(old.flags()) && !current.flags().equals(reported.get(uid))) {
                    out.line("* " + (latest.indexOf(uid) + 1) + " FETCH (UID " + uid + " FLAGS "
                            + flags(current) + ")");
                }
            }
        }
        messages = latest.messages();
        holding = false;
        if (messages.size() != before - removed) {
            grew(out);
        }
        return true;
    }

    /** Walks the view and the latest snapshot side by side (both by ascending UID) and tells the differences. */
    private void compare(MailboxSnapshot latest, ImapConnection out, boolean allowExpunge) throws IOException {
        List<MessageMeta> now = latest.messages();
        List<MessageMeta> kept = new ArrayList<>(now.size());
        boolean held = false;
        int removed = 0;
        int j = 0;
        for (int i = 0; i < messages.size(); i++) {
            MessageMeta old = messages.get(i);
            while (j < now.size() && now.get(j).uid() < old.uid()) {
                j++;
            }
            if (j < now.size() && now.get(j).uid() == old.uid()) {
                MessageMeta current = now.get(j++);
                if (current != old && !current.flags().equals(old.flags())
                        && !current.flags().equals(reported.get(current.uid()))) {
                    out.line("* " + (i + 1 - removed) + " FETCH (UID " + current.uid() + " FLAGS "
                            + flags(current) + ")");
                }
                kept.add(current);
            } else if (allowExpunge) {
                out.line("* " + (i + 1 - removed) + " EXPUNGE");
                removed++;
            } else {
                kept.add(old);
                held = true;
            }
        }
        long largest = messages.isEmpty() ? 0 : messages.getLast().uid();
        while (j < now.size() && now.get(j).uid() <= largest) {
            j++;
        }
        boolean grew = j < now.size();
        if (held) {
            kept.addAll(now.subList(j, now.size()));
            messages = Collections.unmodifiableList(kept);
        } else {
            messages = now;
        }
        holding = held;
        if (grew) {
            grew(out);
        }
    }
}
