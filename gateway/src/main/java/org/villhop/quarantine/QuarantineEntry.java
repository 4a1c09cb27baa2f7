package org.villhop.quarantine;

import java.time.Instant;
import java.util.List;

/**
 * One quarantined message: what is known of it besides its content.
 *
 * @param id         the quarantine id
 * @param held       when it was put in quarantine
 * @param queueId    the queue id it had
 * @param sender     the envelope sender ("" for the null sender)
 * @param recipients the local recipients it was held for
 * @param verdict    the S/MIME verdict, as stamped in the status header
 * @param size       its size in bytes (as received)
 */
public record QuarantineEntry(String id, Instant held, String queueId, String sender, List<String> recipients,
                             String verdict, long size) {
    public QuarantineEntry {
        recipients = List.copyOf(recipients);
    }
}
