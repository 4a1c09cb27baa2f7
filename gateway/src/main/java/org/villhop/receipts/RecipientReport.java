package org.villhop.receipts;

import java.util.Optional;

/**
 * What one receipt says about one recipient.
 *
 * @param finalRecipient    the address the report was made for (Final-Recipient, without its "rfc822;" type)
 * @param originalRecipient the address as the sender gave it (Original-Recipient), when reported
 * @param status            the state this report moves the recipient to
 * @param detail            human-readable detail: DSN Status + Diagnostic-Code, or the MDN Disposition
 * @param errorCode         MDN integration error code (ANS 900–906, or another code), when reported
 */
public record RecipientReport(String finalRecipient, Optional<String> originalRecipient, RecipientStatus status,
                              String detail, Optional<String> errorCode) {
}
