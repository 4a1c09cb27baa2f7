package org.villhop.store;

import java.time.Instant;
import java.util.Set;

/**
 * A stored message's metadata. {@code envelope}, {@code body} and {@code bodyStructure} are the IMAP representations
 * computed once at delivery; {@code parts} locates each MIME part in the stored bytes ({@link MessageParts});
 * {@code headers} holds the decoded values of the header fields searches use most ({@link SearchHeaders}).
 */
public record MessageMeta(String user, String mailbox, long uid, Set<String> flags, Instant internalDate, long size,
                          String blob, String envelope, String body, String bodyStructure, MessageParts parts,
                          String headers) {

    public MessageMeta {
        flags = Set.copyOf(flags);
    }

    public boolean hasFlag(String flag) {
        for (String f : flags) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }

    /** Whether envelope and body structure are present (see {@link MailboxStore#index}). */
    public boolean hasStructure() {
        return !bodyStructure.isEmpty();
    }

    /** This metadata without envelope and body structure, to keep many in memory. */
    public MessageMeta withoutStructure() {
        return new MessageMeta(user, mailbox, uid, flags, internalDate, size, blob, "", "", "", parts, headers);
    }

    /**
     * The decoded value of a header field kept at delivery ({@link SearchHeaders#NAMES}), empty when the message has
     * no such field.
     */
    public java.util.Optional<String> header(String name) {
        return SearchHeaders.value(headers, name);
    }

    public MessageMeta withFlags(Set<String> newFlags) {
        return new MessageMeta(user, mailbox, uid, newFlags, internalDate, size, blob, envelope, body, bodyStructure,
                parts, headers);
    }
}
