package org.villhop.trust;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides the revocation status of one certificate from a CRL signed by its issuer, else (when no usable CRL is
 * found and an {@link OcspClient} is given) from its issuer's OCSP responder. No CRL, an unverifiable CRL or a CRL
 * past its next update, and no verified OCSP answer, gives {@link TrustVerdict.Kind#REVOCATION_UNKNOWN}, never "not
 * revoked". Delta CRLs and indirect CRLs are not used.
 */
final class RevocationChecker {
    private final CrlSource crls;
    private final AlgorithmPolicy policy;
    private final OcspClient ocsp;

    /** {@code ocsp}: null to decide from CRLs only. */
    RevocationChecker(CrlSource crls, AlgorithmPolicy policy, OcspClient ocsp) {
        this.crls = crls;
        this.policy = policy;
        this.ocsp = ocsp;
    }

    /** Empty when {@code cert} is known not revoked at {@code at}; otherwise the refusal. */
    Optional<Refusal> check(X509Certificate cert, X509Certificate issuer, Instant at) {
        Optional<Refusal> fromCrls = checkCrls(cert, issuer, at);
        if (ocsp == null || fromCrls.isEmpty() || fromCrls.get().kind() != TrustVerdict.Kind.REVOCATION_UNKNOWN
                || OcspClient.responders(cert).isEmpty()) {
            return fromCrls;
        }
        OcspClient.Answer answer = ocsp.status(cert, issuer, at);
        return switch (answer.status()) {
            case GOOD -> Optional.empty();
            case REVOKED -> answer.revokedAt().isAfter(at) ? Optional.empty()
                    : refuse(TrustVerdict.Kind.REVOKED, Certificates.name(cert) + " revoked on " + answer.revokedAt()
                            + " (OCSP)");
            case UNKNOWN -> refuse(TrustVerdict.Kind.REVOCATION_UNKNOWN, fromCrls.get().reason() + "; OCSP: "
                    + answer.detail());
        };
    }

    private Optional<Refusal> checkCrls(X509Certificate cert, X509Certificate issuer, Instant at) {
        List<X509CRL> candidates;
        try {
            candidates = crls.crlsFor(cert);
        } catch (CrlSource.CrlUnavailableException e) {
            return refuse(TrustVerdict.Kind.REVOCATION_UNKNOWN, Certificates.name(cert) + ": " + e.getMessage());
        }
        X509CRL best = null;
        String problem = "no CRL from " + Certificates.name(issuer) + " is available (give it with --crl or publish a"
                + " CRL distribution point)";
        for (X509CRL crl : candidates) {
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                continue;
            }
            try {
                crl.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                problem = "the CRL of " + Certificates.name(issuer) + " has a bad signature";
                continue;
            }
            Optional<String> weak = policy.checkSignatureAlgorithm(crl.getSigAlgOID(), crl.getSigAlgName());
            if (weak.isPresent()) {
                problem = "the CRL of " + Certificates.name(issuer) + " is signed with " + weak.get();
                continue;
            }
            if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(at)) {
                problem = "the CRL of " + Certificates.name(issuer) + " is out of date (next update was "
                        + crl.getNextUpdate().toInstant() + ")";
                continue;
            }
            if (best == null || crl.getThisUpdate().after(best.getThisUpdate())) {
                best = crl;
            }
        }
        if (best == null) {
            return refuse(TrustVerdict.Kind.REVOCATION_UNKNOWN, Certificates.name(cert) + ": " + problem);
        }
        X509CRLEntry entry = best.getRevokedCertificate(cert.getSerialNumber());
        if (entry != null && !entry.getRevocationDate().toInstant().isAfter(at)) {
            String reason = entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")";
            return refuse(TrustVerdict.Kind.REVOKED, Certificates.name(cert) + " revoked on "
                    + entry.getRevocationDate().toInstant() + reason);
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(TrustVerdict.Kind kind, String reason) {
        return Optional.of(new Refusal(kind, reason));
    }

    record Refusal(TrustVerdict.Kind kind, String reason) {
    }
}
