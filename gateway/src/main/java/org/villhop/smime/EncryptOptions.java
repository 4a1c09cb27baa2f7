package org.villhop.smime;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;

/**
 * How to encrypt: the content cipher (AES-256-CBC EnvelopedData by default, AES-GCM AuthEnvelopedData selectable) and
 * the RSA key transport (PKCS#1 v1.5 by default, RSA-OAEP with SHA-256 selectable). EC recipients always get ECDH
 * (P-256, ephemeral-static, SHA-256 KDF, AES-256 key wrap).
 */
public record EncryptOptions(Cipher cipher, RsaKeyTransport rsaKeyTransport) {

    /** AES-256-CBC with RSA PKCS#1 v1.5 key transport: what Outlook, Thunderbird, openssl and gpgsm all read. */
    public static EncryptOptions defaults() {
        return new EncryptOptions(Cipher.AES256_CBC, RsaKeyTransport.PKCS1);
    }

    public EncryptOptions withCipher(Cipher value) {
        return new EncryptOptions(value, rsaKeyTransport);
    }

    public EncryptOptions withRsaKeyTransport(RsaKeyTransport value) {
        return new EncryptOptions(cipher, value);
    }

    /** Content encryption algorithms offered. */
    public enum Cipher {
        AES128_CBC(CMSAlgorithm.AES128_CBC, false),
        AES256_CBC(CMSAlgorithm.AES256_CBC, false),
        AES128_GCM(CMSAlgorithm.AES128_GCM, true),
        AES256_GCM(CMSAlgorithm.AES256_GCM, true);

        private final ASN1ObjectIdentifier oid;
        private final boolean authenticated;

        Cipher(ASN1ObjectIdentifier oid, boolean authenticated) {
            this.oid = oid;
            this.authenticated = authenticated;
        }

        ASN1ObjectIdentifier oid() {
            return oid;
        }

        /** True for GCM, which gives AuthEnvelopedData ({@code smime-type=authEnveloped-data}). */
        public boolean authenticated() {
            return authenticated;
        }
    }

    /** RSA key transport schemes. */
    public enum RsaKeyTransport {
        PKCS1,
        OAEP_SHA256
    }
}
