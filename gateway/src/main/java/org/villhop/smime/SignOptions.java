package org.villhop.smime;

import java.util.Locale;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/**
 * How to sign: digest, RSA scheme, detached ({@code multipart/signed}, the default) or opaque
 * ({@code application/pkcs7-mime; smime-type=signed-data}), and RFC 8551 header protection (the whole message wrapped
 * in {@code message/rfc822} inside the signature).
 */
public record SignOptions(Digest digest, RsaScheme rsaScheme, boolean opaque, boolean headerProtection) {

    /** SHA-256, RSA PKCS#1 v1.5, detached, no header protection: what every reader handles. */
    public static SignOptions defaults() {
        return new SignOptions(Digest.SHA256, RsaScheme.PKCS1, false, false);
    }

    public SignOptions withDigest(Digest value) {
        return new SignOptions(value, rsaScheme, opaque, headerProtection);
    }

    public SignOptions withRsaScheme(RsaScheme value) {
        return new SignOptions(digest, value, opaque, headerProtection);
    }

    public SignOptions withOpaque(boolean value) {
        return new SignOptions(digest, rsaScheme, value, headerProtection);
    }

    public SignOptions withHeaderProtection(boolean value) {
        return new SignOptions(digest, rsaScheme, opaque, value);
    }

    /** The message digests offered. */
    public enum Digest {
        SHA256("SHA256", "sha-256", NISTObjectIdentifiers.id_sha256),
        SHA384("SHA384", "sha-384", NISTObjectIdentifiers.id_sha384),
        SHA512("SHA512", "sha-512", NISTObjectIdentifiers.id_sha512);

        private final String jcaPrefix;
        private final String micalg;
        private final ASN1ObjectIdentifier oid;

        Digest(String jcaPrefix, String micalg, ASN1ObjectIdentifier oid) {
            this.jcaPrefix = jcaPrefix;
            this.micalg = micalg;
            this.oid = oid;
        }

        String jcaPrefix() {
            return jcaPrefix;
        }

        /** The {@code micalg} parameter of multipart/signed (RFC 8551 §3.5.3). */
        public String micalg() {
            return micalg;
        }

        ASN1ObjectIdentifier oid() {
            return oid;
        }

        static Digest fromMicalg(String micalg) {
            for (Digest d : values()) {
                if (d.micalg.equals(micalg.toLowerCase(Locale.ROOT).strip())) {
                    return d;
                }
            }
            return null;
        }
    }

    /** RSA signature schemes (ignored for EC keys, which always use ECDSA). */
    public enum RsaScheme {
        /** RSASSA-PKCS1-v1_5: the default. */
        PKCS1,
        /** RSASSA-PSS with MGF1 over the same digest and salt length equal to the digest length. */
        PSS
    }
}
