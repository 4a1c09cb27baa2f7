package org.villhop.trust;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a certificate to the configured trust anchors. One call does everything:
 *
 * <pre>{@code
 * CertificateValidator validator = new CertificateValidator(anchors, intermediates,
 *         CrlRepository.fromFiles(crlFiles, clock), new AlgorithmPolicy());
 * TrustVerdict verdict = validator.validate(cert, certsCarriedInTheMessage, Purpose.SMIME_SIGNING, clock.instant());
 * if (!verdict.isValid()) { ... verdict.kind(), verdict.reason() ... }
 * }</pre>
 *
 * <p>Checks, in this order, each with its own {@link TrustVerdict.Kind}: a path can be built from the certificate
 * through known or carried intermediates to an anchor ({@code UNKNOWN_ISSUER}, {@code BAD_CERTIFICATE_SIGNATURE});
 * every certificate of the path passes the {@link AlgorithmPolicy} ({@code WEAK_ALGORITHM}); every certificate is valid
 * at the instant ({@code EXPIRED}, {@code NOT_YET_VALID}); issuers are CAs within their path length and the JDK's PKIX
 * validation accepts the path ({@code INVALID_PATH}); the certificate's key usage and extended key usage allow the
 * purpose ({@code WRONG_KEY_USAGE}); every certificate except the anchor is covered by a valid CRL of its issuer (or,
 * when none is usable and an {@link OcspClient} is given, a verified OCSP answer) and not revoked at the instant ({@code REVOKED}, {@code REVOCATION_UNKNOWN}). Instances are immutable and thread-safe
 * (the CRL cache is concurrent).
 */
public final class CertificateValidator {
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final Set<X509Certificate> anchors;
    private final List<X509Certificate> intermediates;
    private final RevocationChecker revocation;
    private final boolean checkRevocation;
    private final AlgorithmPolicy policy;

    /** A validator checking revocation of every certificate of the path with {@code crls}. */
    public CertificateValidator(Collection<X509Certificate> anchors, Collection<X509Certificate> intermediates,
            CrlSource crls, AlgorithmPolicy policy) {
        this(anchors, intermediates, crls, policy, true);
    }

    /**
     * @param checkRevocation false only where the operator explicitly turned revocation checking off; the verdict
     *        reason then says so
     */
    public CertificateValidator(Collection<X509Certificate> anchors, Collection<X509Certificate> intermediates,
            CrlSource crls, AlgorithmPolicy policy, boolean checkRevocation) {
        this(anchors, intermediates, crls, null, policy, checkRevocation);
    }

    /**
     * A validator checking revocation with {@code crls}, and with {@code ocsp} for a certificate no usable CRL
     * covers (null: CRLs only).
     */
    public CertificateValidator(Collection<X509Certificate> anchors, Collection<X509Certificate> intermediates,
            CrlSource crls, OcspClient ocsp, AlgorithmPolicy policy, boolean checkRevocation) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is needed");
        }
        this.anchors = Set.copyOf(anchors);
        this.intermediates = List.copyOf(intermediates);
        this.revocation = new RevocationChecker(crls, policy, ocsp);
        this.checkRevocation = checkRevocation;
        this.policy = policy;
    }

    /** The trust anchors. */
    public Set<X509Certificate> anchors() {
        return anchors;
    }

    /** The algorithm policy in force. */
    public AlgorithmPolicy policy() {
        return policy;
    }

    /**
     * Validates {@code cert} for {@code purpose} at {@code at}.
     *
     * @param extraCerts certificates carried with it (for example in a signed message) that may be intermediates
     */
    public TrustVerdict validate(X509Certificate cert, Collection<X509Certificate> extraCerts, Purpose purpose,
            Instant at) {
        Set<X509Certificate> pool = new LinkedHashSet<>(intermediates);
        pool.addAll(extraCerts);
        PathBuilder.Result built = new PathBuilder(anchors).build(cert, pool);
        if (built.failure() != null) {
            return built.failure();
        }
        List<X509Certificate> path = built.path();
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            boolean anchor = i == path.size() - 1;
            Optional<String> weak = anchor ? policy.checkPublicKey(c.getPublicKey()).map(k -> Certificates.name(c)
                    + " has " + k) : policy.checkCertificate(c);
            if (weak.isPresent()) {
                return TrustVerdict.refused(TrustVerdict.Kind.WEAK_ALGORITHM, weak.get(), path);
            }
        }
        for (X509Certificate c : path) {
            try {
                c.checkValidity(Date.from(at));
            } catch (CertificateExpiredException e) {
                return TrustVerdict.refused(TrustVerdict.Kind.EXPIRED, Certificates.name(c) + " expired on "
                        + c.getNotAfter().toInstant() + " (checked at " + at + ")", path);
            } catch (CertificateNotYetValidException e) {
                return TrustVerdict.refused(TrustVerdict.Kind.NOT_YET_VALID, Certificates.name(c)
                        + " is valid only from " + c.getNotBefore().toInstant() + " (checked at " + at + ")", path);
            }
        }
        Optional<String> pathProblem = checkIssuers(path).or(() -> pkixProblem(path, at));
        if (pathProblem.isPresent()) {
            return TrustVerdict.refused(TrustVerdict.Kind.INVALID_PATH, pathProblem.get(), path);
        }
        Optional<String> usage = usageProblem(cert, purpose);
        if (usage.isPresent()) {
            return TrustVerdict.refused(TrustVerdict.Kind.WRONG_KEY_USAGE, usage.get(), path);
        }
        if (checkRevocation) {
            for (int i = 0; i < path.size() - 1; i++) {
                Optional<RevocationChecker.Refusal> refusal = revocation.check(path.get(i), path.get(i + 1), at);
                if (refusal.isPresent()) {
                    return TrustVerdict.refused(refusal.get().kind(), refusal.get().reason(), path);
                }
            }
            return TrustVerdict.valid(path);
        }
        return new TrustVerdict(TrustVerdict.Kind.VALID, "path to trust anchor " + Certificates.name(path.getLast())
                + " valid; revocation NOT checked (turned off by the operator)", path);
    }

    private static Optional<String> checkIssuers(List<X509Certificate> path) {
        for (int i = 1; i < path.size(); i++) {
            X509Certificate issuer = path.get(i);
            int pathLength = issuer.getBasicConstraints();
            if (pathLength < 0) {
                return Optional.of(Certificates.name(issuer) + " issued a certificate but is not a CA");
            }
            if (pathLength < i - 1) {
                return Optional.of(Certificates.name(issuer) + " allows " + pathLength
                        + " intermediate CA(s) below it, the path has " + (i - 1));
            }
            boolean[] usage = issuer.getKeyUsage();
            if (usage != null && !usage[5]) {
                return Optional.of(Certificates.name(issuer) + " lacks the keyCertSign key usage");
            }
        }
        return Optional.empty();
    }

    /** The JDK's PKIX validation (name constraints, policies, critical extensions), revocation done separately. */
    private static Optional<String> pkixProblem(List<X509Certificate> path, Instant at) {
        if (path.size() < 2) {
            return Optional.empty();
        }
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(path.getLast(), null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path.subList(0, path.size() - 1)),
                    params);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of("PKIX validation failed: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return Optional.of("PKIX validation could not run: " + e.getMessage());
        }
    }

    private static Optional<String> usageProblem(X509Certificate cert, Purpose purpose) {
        if (purpose == Purpose.ANY) {
            return Optional.empty();
        }
        boolean[] ku = cert.getKeyUsage();
        if (ku != null) {
            boolean ok = switch (purpose) {
                case SMIME_SIGNING -> ku[DIGITAL_SIGNATURE] || ku[NON_REPUDIATION];
                case SMIME_ENCRYPTION -> cert.getPublicKey() instanceof ECPublicKey ? ku[KEY_AGREEMENT]
                        : ku[KEY_ENCIPHERMENT];
                case TLS_SERVER -> ku[DIGITAL_SIGNATURE] || ku[KEY_ENCIPHERMENT] || ku[KEY_AGREEMENT];
                case TLS_CLIENT -> ku[DIGITAL_SIGNATURE] || ku[KEY_AGREEMENT];
                case ANY -> true;
            };
            if (!ok) {
                return Optional.of(Certificates.name(cert) + " has key usage " + describe(ku) + ", which does not"
                        + " allow " + purpose.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        }
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            if (eku != null && !eku.contains(purpose.extendedKeyUsageOid()) && !eku.contains(ANY_EXTENDED_KEY_USAGE)) {
                return Optional.of(Certificates.name(cert) + " has extended key usage " + eku + " without "
                        + purpose.extendedKeyUsageOid() + " needed for "
                        + purpose.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        } catch (CertificateParsingException e) {
            return Optional.of(Certificates.name(cert) + " has an unreadable extended key usage");
        }
        return Optional.empty();
    }

    private static String describe(boolean[] ku) {
        String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
            "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
        List<String> set = new ArrayList<>();
        for (int i = 0; i < ku.length && i < names.length; i++) {
            if (ku[i]) {
                set.add(names[i]);
            }
        }
        return set.isEmpty() ? "(none)" : String.join(",", set);
    }
}
