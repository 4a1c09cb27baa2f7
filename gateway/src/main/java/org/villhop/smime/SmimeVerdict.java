package org.villhop.smime;

import java.security.cert.X509Certificate;
import java.util.Objects;

import org.villhop.trust.TrustVerdict;

/**
 * What opening an inbound message found: a kind a caller can act on (each with a stable numeric code, used as the exit
 * code of {@code villhop smime verify}), a human reason, whether the message was encrypted and signed, and the signer's
 * certificate and trust verdict when there was a signature.
 */
public record SmimeVerdict(Kind kind, String reason, boolean encrypted, boolean signed, X509Certificate signer,
        TrustVerdict trust) {

    /** Verdict kinds; {@link #code()} values are stable (documented in {@code villhop smime verify --help}). */
    public enum Kind {
        /** Signed, signature good, signer trusted and matching From, nothing tampered (or only encrypted, decrypted). */
        VALID(0, "valid"),
        /** The signature does not verify: the body (or signed headers) changed after signing. */
        BAD_SIGNATURE(10, "signature invalid: content altered after signing"),
        /** With header protection: an outer header differs from the signed copy inside. */
        HEADER_MISMATCH(11, "signed header tampered: outer header differs from the signed copy"),
        /** The signer certificate's email is neither the From nor the Sender address. */
        SIGNER_MISMATCH(12, "signer is not the sender"),
        /** The signing time lies outside the signer certificate's validity. */
        SIGNING_TIME_INVALID(13, "signing time outside the certificate's validity"),
        EXPIRED(14, "signer certificate expired"),
        NOT_YET_VALID(15, "signer certificate not yet valid"),
        REVOKED(16, "signer certificate revoked"),
        REVOCATION_UNKNOWN(17, "revocation status of the signer unknown"),
        UNKNOWN_ISSUER(18, "signer not trusted: unknown issuer"),
        WRONG_KEY_USAGE(19, "signer certificate not for signing mail"),
        WEAK_ALGORITHM(20, "weak algorithm refused"),
        INVALID_CERTIFICATE(21, "signer certificate path invalid"),
        NOT_SIGNED(22, "not signed"),
        NO_DECRYPTION_KEY(23, "not encrypted for any of the given keys"),
        DECRYPTION_FAILED(24, "decryption failed"),
        MALFORMED(25, "malformed S/MIME message");

        private final int code;
        private final String words;

        Kind(int code, String words) {
            this.code = code;
            this.words = words;
        }

        public int code() {
            return code;
        }

        public String words() {
            return words;
        }

        static Kind of(TrustVerdict.Kind trust) {
            return switch (trust) {
                case VALID -> VALID;
                case EXPIRED -> EXPIRED;
                case NOT_YET_VALID -> NOT_YET_VALID;
                case REVOKED -> REVOKED;
                case REVOCATION_UNKNOWN -> REVOCATION_UNKNOWN;
                case UNKNOWN_ISSUER -> UNKNOWN_ISSUER;
                case WRONG_KEY_USAGE -> WRONG_KEY_USAGE;
                case WEAK_ALGORITHM -> WEAK_ALGORITHM;
                case BAD_CERTIFICATE_SIGNATURE, INVALID_PATH -> INVALID_CERTIFICATE;
            };
        }
    }

    public SmimeVerdict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean isValid() {
        return kind == Kind.VALID;
    }

    @Override
    public String toString() {
        return kind.words() + ": " + reason;
    }
}
