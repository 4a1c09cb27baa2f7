package org.villhop.smtp;

import java.util.List;

import org.villhop.queue.EnvelopeRecipient;

/** The accepted MAIL FROM and RCPT TO commands of a transaction, when DATA arrives. */
public record Transaction(MailFrom mailFrom, List<EnvelopeRecipient> recipients) {
    public Transaction {
        recipients = List.copyOf(recipients);
    }
}
