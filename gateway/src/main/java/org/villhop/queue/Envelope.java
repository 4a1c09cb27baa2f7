package org.villhop.queue;

import java.util.List;
import java.util.Objects;

/**
 * The SMTP envelope of a queued message, kept with it so that delivery and DSNs can honour it.
 *
 * @param sender            the reverse path ({@code ""} for the null sender {@code <>})
 * @param recipients        at least one recipient, in RCPT order
 * @param envelopeId        DSN ENVID as given (xtext-decoded), or null
 * @param dsnReturn         DSN RET, or null when not given
 * @param bodyType          BODY declared on MAIL FROM
 * @param smtpUtf8          true when MAIL FROM carried SMTPUTF8
 * @param authenticatedUser the AUTH identity of the submitter, or null
 * @param remoteAddress     the client's IP address as text, or null for locally generated mail
 * @param heloName          the name the client gave in EHLO/HELO, or null
 */
public record Envelope(String sender, List<EnvelopeRecipient> recipients, String envelopeId, DsnReturn dsnReturn,
                       BodyType bodyType, boolean smtpUtf8, String authenticatedUser, String remoteAddress,
                       String heloName) {
    public Envelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(bodyType, "bodyType");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
    }

    /** A plain envelope (no DSN parameters), for locally generated mail such as DSNs. */
    public static Envelope of(String sender, List<String> recipients) {
        return new Envelope(sender, recipients.stream().map(EnvelopeRecipient::of).toList(), null, null,
                BodyType.EIGHT_BIT_MIME, false, null, null, null);
    }
}
