package org.villhop.smtp;

import org.villhop.queue.BodyType;
import org.villhop.queue.DsnReturn;

/**
 * A parsed MAIL FROM command.
 *
 * @param reversePath  the sender address, {@code ""} for the null sender
 * @param declaredSize the SIZE parameter, or -1
 * @param bodyType     BODY (7BIT unless 8BITMIME was given)
 * @param dsnReturn    DSN RET, or null
 * @param envelopeId   DSN ENVID, xtext-decoded, or null
 * @param smtpUtf8     the SMTPUTF8 parameter was given
 */
public record MailFrom(String reversePath, long declaredSize, BodyType bodyType, DsnReturn dsnReturn,
                       String envelopeId, boolean smtpUtf8) {
}
