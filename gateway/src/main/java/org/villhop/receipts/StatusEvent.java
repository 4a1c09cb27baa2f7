package org.villhop.receipts;

import java.time.Instant;

/**
 * One step in a recipient's history.
 *
 * @param recipient the recipient's address
 * @param status    the state reported
 * @param detail    DSN status and diagnostic, MDN disposition, or a local note
 * @param source    what reported it: {@code "sent"}, {@code "local"}, or {@code "DSN <receipt-id>"} / {@code "MDN ..."}
 * @param at        when villhop recorded it
 */
public record StatusEvent(String recipient, RecipientStatus status, String detail, String source, Instant at) {
}
