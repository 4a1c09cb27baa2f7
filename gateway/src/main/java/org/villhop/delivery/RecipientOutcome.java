package org.villhop.delivery;

import java.time.Instant;

/**
 * What one delivery attempt did for one recipient.
 *
 * @param recipient       the recipient
 * @param result          delivered, deferred (try again later) or failed (permanently)
 * @param status          the RFC 3463 status code ("2.0.0", "4.4.1", "5.1.1")
 * @param detail          a precise human-readable reason (peer's reply, or what went wrong locally)
 * @param remoteMta       the host name of the peer that answered, or null when none was reached
 * @param reply           the peer's reply for this recipient, or null when the outcome did not come from a reply
 * @param dsnPassedOn     true when the peer announced DSN and received NOTIFY/ORCPT (it will notify itself)
 * @param attemptedAt     when the attempt ended
 */
public record RecipientOutcome(Recipient recipient, Result result, String status, String detail, String remoteMta,
                               SmtpReply reply, boolean dsnPassedOn, Instant attemptedAt) {

    public enum Result {
        DELIVERED, DEFERRED, FAILED
    }

    static RecipientOutcome fromReply(Recipient recipient, SmtpReply reply, String remoteMta, boolean dsn,
                                      Instant at) {
        Result result = reply.isPositive() ? Result.DELIVERED : reply.isPermanent() ? Result.FAILED : Result.DEFERRED;
        return new RecipientOutcome(recipient, result, reply.statusOrDefault(), reply.oneLine(), remoteMta, reply, dsn,
                at);
    }

    static RecipientOutcome local(Recipient recipient, Result result, String status, String detail, String remoteMta,
                                  Instant at) {
        return new RecipientOutcome(recipient, result, status, detail, remoteMta, null, false, at);
    }
}
