package org.villhop.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.villhop.store.MailboxChange;
import org.villhop.store.MailboxNotFoundException;
import org.villhop.store.MailboxStore;
import org.villhop.store.MessageMeta;

/**
 * The session's view of its selected mailbox: messages by sequence number. Changes committed by any session mark the
 * view stale; {@link #sync} then tells the client (EXISTS, EXPUNGE, FETCH FLAGS) what changed since it last looked.
 */
final class SelectedMailbox {

    private final MailboxStore store;
    private final String user;
    private final String name;
    private final boolean readOnly;
    private final long uidValidity;
    private final List<MessageMeta> messages;
    private final Queue<MailboxChange> pending = new ConcurrentLinkedQueue<>();
    private volatile Runnable onChange = () -> { };

    SelectedMailbox(MailboxStore store, String user, String name, boolean readOnly, long uidValidity) {
        this.store = store;
        this.user = user;
        this.name = name;
        this.readOnly = readOnly;
        this.uidValidity = uidValidity;
        this.messages = new ArrayList<>(store.index(user, name));
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
            pending.add(change);
            onChange.run();
        }
    }

    /**
     * Makes the next {@link #sync} look for new messages in the store itself, for mail stored by another process (an
     * administrator's {@code villhop mailbox deliver}), whose changes are not announced to this one.
     */
    void lookForNewMessages() {
        pending.add(new MailboxChange(user, name, MailboxChange.Kind.APPENDED, List.of()));
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

    void replace(MessageMeta updated) {
        int seq = sequenceOf(updated.uid());
        if (seq > 0) {
            messages.set(seq - 1, updated.withoutStructure());
        }
    }

    /** Removes an expunged UID and tells the client; nothing when it is not in the view. */
    void expunged(long uid, ImapConnection out) throws IOException {
        int seq = sequenceOf(uid);
        if (seq > 0) {
            messages.remove(seq - 1);
            out.line("* " + seq + " EXPUNGE");
        }
    }

    /**
     * Reports changes since the last look. Expunges are held back while {@code allowExpunge} is false (during FETCH,
     * STORE and SEARCH by sequence number, RFC 3501 section 7.4.1).
     */
    void sync(ImapConnection out, boolean allowExpunge) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        try {
            report(out, allowExpunge);
        } catch (MailboxNotFoundException e) {
            // Deleted by another session: nothing more to report; the client's next command on it gets NO.
            pending.clear();
        }
    }

    private void report(ImapConnection out, boolean allowExpunge) throws IOException {
        Set<Long> expunged = new TreeSet<>();
        Set<Long> flagged = new TreeSet<>();
        Set<Long> appended = new TreeSet<>();
        List<MailboxChange> held = new ArrayList<>();
        boolean lookForNew = false;
        MailboxChange change;
        while ((change = pending.poll()) != null) {
            switch (change.kind()) {
                case EXPUNGED -> {
                    if (allowExpunge) {
                        expunged.addAll(change.uids());
                    } else {
                        held.add(change);
                    }
                }
                case FLAGS -> flagged.addAll(change.uids());
                case APPENDED -> {
                    appended.addAll(change.uids());
                    lookForNew |= change.uids().isEmpty();
                }
                default -> { }
            }
        }
        pending.addAll(held);
        for (long uid : expunged) {
            expunged(uid, out);
        }
        flagged.removeIf(uid -> sequenceOf(uid) == 0);
        if (!flagged.isEmpty()) {
            for (MessageMeta now : store.messages(user, name, flagged)) {
                int seq = sequenceOf(now.uid());
                if (seq > 0 && !now.flags().equals(messages.get(seq - 1).flags())) {
                    messages.set(seq - 1, now.withoutStructure());
                    out.line("* " + seq + " FETCH (UID " + now.uid() + " FLAGS " + Responses.flags(now.flags())
                            + ")");
                }
            }
        }
        long largest = largestUid();
        if (lookForNew || appended.stream().anyMatch(uid -> uid > largest)) {
            int before = messages.size();
            store.messagesAfter(user, name, largest).forEach(m -> messages.add(m.withoutStructure()));
            if (messages.size() != before) {
                out.line("* " + messages.size() + " EXISTS");
            }
        }
    }
}
