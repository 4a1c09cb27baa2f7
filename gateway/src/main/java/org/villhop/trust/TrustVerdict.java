package org.villhop.trust;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating one certificate: a kind a caller can act on, a human reason, and the path that was built
 * (target first, trust anchor last; as far as it could be built).
 */
public record TrustVerdict(Kind kind, String reason, List<X509Certificate> path) {

    /** Why a certificate is or is not trusted. */
    public enum Kind {
        VALID("trusted"),
        EXPIRED("certificate expired"),
        NOT_YET_VALID("certificate not yet valid"),
        REVOKED("certificate revoked"),
        UNKNOWN_ISSUER("issuer unknown: no path to a trust anchor"),
        WRONG_KEY_USAGE("key usage does not allow this use"),
        WEAK_ALGORITHM("weak algorithm refused"),
        REVOCATION_UNKNOWN("revocation status unknown"),
        BAD_CERTIFICATE_SIGNATURE("certificate signature does not verify"),
        INVALID_PATH("certificate path invalid");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** A few words for people. */
        public String words() {
            return words;
        }
    }

    public TrustVerdict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        path = List.copyOf(path);
    }

    static TrustVerdict valid(List<X509Certificate> path) {
        return new TrustVerdict(Kind.VALID, "path to trust anchor " + Certificates.name(path.getLast())
                + " valid, not revoked", path);
    }

    static TrustVerdict refused(Kind kind, String reason, List<X509Certificate> path) {
        return new TrustVerdict(kind, reason, path);
    }

    public boolean isValid() {
        return kind == Kind.VALID;
    }

    /** For example {@code certificate revoked: CN=... revoked on 2026-11-20T10:00:00Z (keyCompromise)}. */
    @Override
    public String toString() {
        return kind.words() + ": " + reason;
    }
}
