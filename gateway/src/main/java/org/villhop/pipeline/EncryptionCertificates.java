package org.villhop.pipeline;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.villhop.directory.RecipientDirectory;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.CrlSource;
import org.villhop.trust.Purpose;
import org.villhop.trust.TrustVerdict;

/**
 * A recipient's encryption certificate: the newest one of the recipients' directory ({@code villhop directory add})
 * that is valid now, allows key transport or agreement, and validates to the trust anchors with revocation checked.
 *
 * <p>A gateway looks the same recipients up for every message, so each certificate's validation verdict is kept for
 * at most {@link #VERDICT_TTL}, and never past the end of validity of a certificate of its path nor past the next
 * update of a CRL that covers the path: a revocation published in a new CRL, a CRL coming due or a certificate
 * expiring count as soon as they would without the cache (within the TTL for a CRL replaced before its next update).
 * Safe for concurrent use.
 */
public final class EncryptionCertificates {
    /** The longest a validation verdict is reused. */
    public static final Duration VERDICT_TTL = Duration.ofMinutes(1);

    private record Cached(boolean valid, Instant until) {
    }

    private final RecipientDirectory directory;
    private final CertificateValidator validator;
    private final CrlSource crls;
    private final Clock clock;
    private final Map<X509Certificate, Cached> verdicts = new ConcurrentHashMap<>();

    /** Without a CRL source, cached verdicts are bounded by the TTL and the path's validity only. */
    public EncryptionCertificates(RecipientDirectory directory, CertificateValidator validator, Clock clock) {
        this(directory, validator, CrlSource.none(), clock);
    }

    /** @param crls the CRL source the validator uses: a cached verdict ends at their next update */
    public EncryptionCertificates(RecipientDirectory directory, CertificateValidator validator, CrlSource crls,
                                  Clock clock) {
        this.directory = directory;
        this.validator = validator;
        this.crls = crls;
        this.clock = clock;
    }

    public Optional<X509Certificate> find(String recipient) {
        Instant now = clock.instant();
        List<X509Certificate> candidates = directory.findForEncryption(recipient, now);
        return candidates.stream().filter(c -> valid(c, now)).findFirst();
    }

    private boolean valid(X509Certificate certificate, Instant now) {
        Cached cached = verdicts.get(certificate);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.valid();
        }
        TrustVerdict verdict = validator.validate(certificate, List.of(), Purpose.SMIME_ENCRYPTION, now);
        if (verdicts.size() > 10_000) {
            verdicts.clear();
        }
        verdicts.put(certificate, new Cached(verdict.isValid(), until(verdict, now)));
        return verdict.isValid();
    }

    private Instant until(TrustVerdict verdict, Instant now) {
        Instant until = now.plus(VERDICT_TTL);
        List<X509Certificate> path = verdict.path();
        for (X509Certificate c : path) {
            until = earliest(until, c.getNotAfter().toInstant());
        }
        for (int i = 0; i + 1 < path.size(); i++) {
            try {
                for (X509CRL crl : crls.crlsFor(path.get(i))) {
                    if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isAfter(now)) {
                        until = earliest(until, crl.getNextUpdate().toInstant());
                    }
                }
            } catch (CrlSource.CrlUnavailableException e) {
                return now;
            }
        }
        return until;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
