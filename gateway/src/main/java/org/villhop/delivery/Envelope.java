package org.villhop.delivery;

import java.util.List;

/**
 * The SMTP envelope of one message as accepted from the client.
 *
 * @param mailFrom   the reverse path without brackets; "" for the null sender (a bounce), which never gets a DSN
 * @param recipients at least one recipient
 * @param envelopeId the ENVID given with MAIL FROM (decoded), or null
 * @param ret        the RET given with MAIL FROM, or null
 * @param eightBit   true when the client declared BODY=8BITMIME
 */
public record Envelope(String mailFrom, List<Recipient> recipients, String envelopeId, Ret ret, boolean eightBit) {
    public Envelope {
        if (mailFrom == null) {
            throw new IllegalArgumentException("mailFrom is \"\" for the null sender, never null");
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        recipients = List.copyOf(recipients);
    }

    public static Envelope simple(String mailFrom, String... recipients) {
        return new Envelope(mailFrom, java.util.Arrays.stream(recipients).map(Recipient::of).toList(), null, null,
                false);
    }

    public boolean hasNullSender() {
        return mailFrom.isEmpty();
    }
}
