package org.villhop.delivery;

import java.util.EnumSet;
import java.util.Set;

/**
 * One envelope recipient with its RFC 3461 parameters, decoded (not xtext).
 *
 * @param address           the forward path, "user@domain"
 * @param notifyOn          the NOTIFY keywords given; empty when the client gave none (then FAILURE,DELAY apply)
 * @param originalRecipient the ORCPT value as "addr-type;address" (for example "rfc822;a@b.example"), or null
 */
public record Recipient(String address, Set<Notify> notifyOn, String originalRecipient) {
    public Recipient {
        if (address == null || address.indexOf('@') < 1) {
            throw new IllegalArgumentException("recipient needs a domain: " + address);
        }
        notifyOn = notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
        if (notifyOn.contains(Notify.NEVER) && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other keywords");
        }
    }

    public static Recipient of(String address) {
        return new Recipient(address, Set.of(), null);
    }

    /** The domain part, lower case. */
    public String domain() {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the sender wants a notice of this kind for this recipient (RFC 3461 defaults when none given). */
    public boolean wants(Notify kind) {
        if (notifyOn.isEmpty()) {
            return kind == Notify.FAILURE || kind == Notify.DELAY;
        }
        return notifyOn.contains(kind);
    }
}
