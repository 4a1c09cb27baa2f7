package org.villhop.trust;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** What a certificate is about to be used for; decides which key usage and extended key usage it must carry. */
public enum Purpose {
    /** Signing mail: key usage digitalSignature or nonRepudiation, extended key usage emailProtection. */
    SMIME_SIGNING(KeyPurposeId.id_kp_emailProtection.getId()),
    /** Receiving encrypted mail: keyEncipherment (RSA) or keyAgreement (EC), extended key usage emailProtection. */
    SMIME_ENCRYPTION(KeyPurposeId.id_kp_emailProtection.getId()),
    /** A TLS server: digitalSignature or keyEncipherment, extended key usage serverAuth. */
    TLS_SERVER(KeyPurposeId.id_kp_serverAuth.getId()),
    /** A TLS client (application mailbox): digitalSignature, extended key usage clientAuth. */
    TLS_CLIENT(KeyPurposeId.id_kp_clientAuth.getId()),
    /** Only the path, validity, revocation and algorithms; no usage requirement. */
    ANY(null);

    private final String extendedKeyUsageOid;

    Purpose(String extendedKeyUsageOid) {
        this.extendedKeyUsageOid = extendedKeyUsageOid;
    }

    /** The extended key usage OID this purpose needs when the certificate restricts its usage, or null. */
    public String extendedKeyUsageOid() {
        return extendedKeyUsageOid;
    }
}
