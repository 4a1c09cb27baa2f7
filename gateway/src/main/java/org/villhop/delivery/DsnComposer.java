package org.villhop.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a delivery status notification (RFC 3464) is due and composes it. Never one for a message with the
 * null sender (a bounce is never bounced); only for the recipients whose NOTIFY asked for that kind (FAILURE and
 * DELAY when none was given); a SUCCESS notice only where the next hop did not take the DSN request over.
 */
public final class DsnComposer {
    private final String reportingMta;
    private final Clock clock;

    /**
     * @param reportingMta the gateway's host name (Reporting-MTA, and the DSN's From: MAILER-DAEMON@host)
     * @param clock        gives the DSN's Date
     */
    public DsnComposer(String reportingMta, Clock clock) {
        this.reportingMta = reportingMta;
        this.clock = clock;
    }

    /**
     * @param kind       which notice
     * @param original   the message reported on
     * @param outcomes   the latest outcomes of its recipients. FAILURE: FAILED ones, and DEFERRED ones whose retries
     *                   are exhausted (reported as failed, status 5.4.7 unless the reply had a 5.x.x); DELAY: DEFERRED
     *                   ones; SUCCESS: DELIVERED ones (remoteMta null means delivered into a local mailbox)
     * @param retryUntil for DELAY, when the gateway stops trying (Will-Retry-Until); else ignored, may be null
     * @return the DSN, or empty when none is due
     */
    public Optional<Dsn> compose(DsnKind kind, OriginalMessage original, List<RecipientOutcome> outcomes,
                                 Instant retryUntil) {
        Envelope envelope = original.envelope();
        if (envelope.hasNullSender()) {
            return Optional.empty();
        }
        List<RecipientOutcome> reported = outcomes.stream().filter(o -> due(kind, o)).toList();
        if (reported.isEmpty()) {
            return Optional.empty();
        }
        Envelope dsnEnvelope = new Envelope("", List.of(new Recipient(envelope.mailFrom(), Set.of(Notify.NEVER),
                null)), null, null, envelope.eightBit());
        return Optional.of(new Dsn(kind, dsnEnvelope, reported,
                new DsnWriter(reportingMta, clock.instant(), original, retryUntil)));
    }

    private static boolean due(DsnKind kind, RecipientOutcome o) {
        return switch (kind) {
            case FAILURE -> o.result() != RecipientOutcome.Result.DELIVERED && o.recipient().wants(Notify.FAILURE);
            case DELAY -> o.result() == RecipientOutcome.Result.DEFERRED && o.recipient().wants(Notify.DELAY);
            case SUCCESS -> o.result() == RecipientOutcome.Result.DELIVERED && !o.dsnPassedOn()
                    && o.recipient().wants(Notify.SUCCESS);
        };
    }
}
