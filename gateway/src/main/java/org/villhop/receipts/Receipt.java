package org.villhop.receipts;

import java.util.List;
import java.util.Optional;

/**
 * A parsed DSN or MDN.
 *
 * @param kind               DSN or MDN
 * @param receiptMessageId   the receipt's own Message-ID (normalised, without angle brackets), when it has one
 * @param originalMessageId  the Message-ID of the message reported on: MDN Original-Message-ID, or for a DSN the
 *                           Message-ID of the returned original message or headers
 * @param originalEnvelopeId the DSN Original-Envelope-Id (the ENVID given at sending), xtext-decoded
 * @param reporter           Reporting-MTA (DSN) or Reporting-UA (MDN), when given
 * @param recipients         one report per recipient (at least one)
 */
public record Receipt(ReceiptKind kind, Optional<String> receiptMessageId, Optional<String> originalMessageId,
                      Optional<String> originalEnvelopeId, Optional<String> reporter, List<RecipientReport> recipients) {
    public Receipt {
        recipients = List.copyOf(recipients);
    }
}
