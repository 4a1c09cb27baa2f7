package org.villhop.trust;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds the chain from a certificate up to a trust anchor, choosing each issuer by name and by a verifying
 * signature, among the anchors first, then the known and carried intermediates.
 */
final class PathBuilder {
    private static final int MAX_DEPTH = 10;

    private final Collection<X509Certificate> anchors;

    PathBuilder(Collection<X509Certificate> anchors) {
        this.anchors = anchors;
    }

    /** A built path (target first, anchor last) or the refusal with the part of the path that could be built. */
    record Result(List<X509Certificate> path, TrustVerdict failure) {
    }

    Result build(X509Certificate target, Collection<X509Certificate> pool) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(target);
        X509Certificate current = target;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (anchors.contains(current)) {
                return new Result(path, null);
            }
            boolean nameMatched = false;
            X509Certificate issuer = null;
            for (Collection<X509Certificate> candidates : List.of(anchors, pool)) {
                for (X509Certificate candidate : candidates) {
                    if (!candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())
                            || (path.contains(candidate) && !candidate.equals(current))) {
                        continue;
                    }
                    nameMatched = true;
                    if (verifies(current, candidate)) {
                        issuer = candidate;
                        break;
                    }
                }
                if (issuer != null) {
                    break;
                }
            }
            if (issuer == null) {
                return new Result(path, nameMatched
                        ? TrustVerdict.refused(TrustVerdict.Kind.BAD_CERTIFICATE_SIGNATURE,
                                "the signature on " + Certificates.name(current) + " does not verify with the key of"
                                        + " any known " + current.getIssuerX500Principal().getName(), path)
                        : TrustVerdict.refused(TrustVerdict.Kind.UNKNOWN_ISSUER,
                                "no trust anchor or known intermediate is the issuer "
                                        + current.getIssuerX500Principal().getName() + " of "
                                        + Certificates.name(current), path));
            }
            if (issuer.equals(current)) {
                return new Result(path, TrustVerdict.refused(TrustVerdict.Kind.UNKNOWN_ISSUER,
                        "self-signed " + Certificates.name(current) + " is not a trust anchor", path));
            }
            path.add(issuer);
            current = issuer;
        }
        return new Result(path, TrustVerdict.refused(TrustVerdict.Kind.INVALID_PATH,
                "no trust anchor within " + MAX_DEPTH + " certificates of " + Certificates.name(target), path));
    }

    private static boolean verifies(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
