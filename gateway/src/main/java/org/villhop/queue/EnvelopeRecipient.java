package org.villhop.queue;

import java.util.Objects;
import java.util.Set;

/**
 * One RCPT TO with its DSN parameters.
 *
 * @param address the forward path, {@code local@domain}
 * @param notifyOn NOTIFY values asked for; empty when the client gave none (the default applies: FAILURE, DELAY)
 * @param orcpt   the ORCPT parameter as given ({@code addr-type;xtext}), or null
 */
public record EnvelopeRecipient(String address, Set<Notify> notifyOn, String orcpt) {
    public EnvelopeRecipient {
        Objects.requireNonNull(address, "address");
        notifyOn = Set.copyOf(notifyOn);
    }

    /** A recipient with no DSN parameters. */
    public static EnvelopeRecipient of(String address) {
        return new EnvelopeRecipient(address, Set.of(), null);
    }
}
