package org.villhop.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One message on its way through the stages: its envelope sender and recipients, the recipients refused so far and
 * notes on what the stages did (for the status header and the audit journal). Used by one thread at a time.
 */
public final class MessageContext {
    private final String sender;
    private final String submitter;
    private final List<String> recipients;
    private final List<String> added = new ArrayList<>();
    private final Map<String, Refusal> refused = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> senderNotices = new ArrayList<>();
    private String quarantineReason;

    /**
     * @param sender     the envelope sender ("" for the null sender)
     * @param submitter  the local user who submitted it (AUTH identity), or null for mail from a peer or the gateway
     * @param recipients the envelope recipients this pass delivers to
     */
    public MessageContext(String sender, String submitter, List<String> recipients) {
        this.sender = sender;
        this.submitter = submitter;
        this.recipients = List.copyOf(recipients);
    }

    public String sender() {
        return sender;
    }

    /** The local user who submitted the message, or null. */
    public String submitter() {
        return submitter;
    }

    /** Every recipient of this pass, refused ones included. */
    public List<String> recipients() {
        return recipients;
    }

    /** The recipients not refused so far. */
    public List<String> accepted() {
        return recipients.stream().filter(r -> !refused.containsKey(key(r))).toList();
    }

    /** Refuses a recipient for good (the first reason given stays). */
    public void refuse(String recipient, Refusal refusal) {
        refused.putIfAbsent(key(recipient), refusal);
    }

    /** The refusal of a recipient, or null when it is still to be delivered. */
    public Refusal refusal(String recipient) {
        return refused.get(key(recipient));
    }

    /**
     * Recipients a stage wants added to the message (the patient's copy of a discharge pack): the relay queues a copy
     * of the submitted message for them, once.
     */
    public void addRecipients(List<String> addresses) {
        addresses.stream().filter(a -> !added.contains(a)).forEach(added::add);
    }

    public List<String> addedRecipients() {
        return Collections.unmodifiableList(added);
    }

    /** Records what a stage did ("signed by sortie@ch-lens.mssante.test"). */
    public void note(String note) {
        notes.add(note);
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /**
     * Something the sender must be told although the message goes on (why no copy went to the patient): the relay
     * sends the sender one notice, on the first attempt.
     */
    public void tellSender(String notice) {
        if (!senderNotices.contains(notice)) {
            senderNotices.add(notice);
        }
    }

    public List<String> senderNotices() {
        return Collections.unmodifiableList(senderNotices);
    }

    /**
     * A stage asks that the message be held in the quarantine rather than delivered ({@code reason}: the verdict);
     * the relay then keeps it, unless an administrator released this very message.
     */
    public void quarantine(String reason) {
        quarantineReason = reason;
    }

    /** Why the message is to be quarantined, or null when it is to be delivered. */
    public String quarantineReason() {
        return quarantineReason;
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
