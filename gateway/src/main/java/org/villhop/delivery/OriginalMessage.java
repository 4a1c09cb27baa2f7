package org.villhop.delivery;

import java.time.Instant;

/**
 * The message a DSN reports on.
 *
 * @param envelope    its envelope as received (sender, ENVID, RET)
 * @param arrivalDate when the gateway accepted it
 * @param content     opens its content (for the headers or whole message returned in the DSN)
 */
public record OriginalMessage(Envelope envelope, Instant arrivalDate, BodySource content) {
}
