package org.villhop.pki;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What an issued end-entity certificate is for, modelled on the IGC-Santé families: organisation/service S/MIME
 * ("ORG"/"SERV S/MIME"), a practitioner's personal S/MIME certificate, a TLS server ("SERV SSL") and a TLS client for
 * an application mailbox ("ORG AUTH_CLI").
 */
public enum CertificateProfile {
    /** A service or organisation mailbox (cardiologie@...): signs and receives encrypted mail. */
    ORG_SMIME("org-smime", true, false, List.of(KeyPurposeId.id_kp_emailProtection)),
    /** A practitioner's personal mailbox: signs (with non-repudiation) and receives encrypted mail. */
    PRACTITIONER_SMIME("practitioner-smime", true, true, List.of(KeyPurposeId.id_kp_emailProtection)),
    /** A TLS server: DNS names and IP addresses in subjectAltName, serverAuth. */
    TLS_SERVER("tls-server", true, false, List.of(KeyPurposeId.id_kp_serverAuth)),
    /** A TLS client for an application mailbox (mutual TLS): the mailbox in subjectAltName, clientAuth. */
    TLS_CLIENT("tls-client", false, false, List.of(KeyPurposeId.id_kp_clientAuth));

    private final String label;
    private final boolean encrypts;
    private final boolean nonRepudiation;
    private final List<KeyPurposeId> extendedUsages;

    CertificateProfile(String label, boolean encrypts, boolean nonRepudiation, List<KeyPurposeId> extendedUsages) {
        this.label = label;
        this.encrypts = encrypts;
        this.nonRepudiation = nonRepudiation;
        this.extendedUsages = extendedUsages;
    }

    public String label() {
        return label;
    }

    public static CertificateProfile fromLabel(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        for (CertificateProfile p : values()) {
            if (p.label.equals(wanted)) {
                return p;
            }
        }
        throw new PkiException("unknown profile '" + text + "' (expected one of "
                + Arrays.stream(values()).map(CertificateProfile::label).collect(Collectors.joining(", ")) + ")");
    }

    /** True when the profile identifies a mailbox (an email address is required in subjectAltName). */
    public boolean needsEmail() {
        return this != TLS_SERVER;
    }

    /** Key usage bits: signature always; key encipherment (RSA) or key agreement (EC) for profiles that decrypt. */
    KeyUsage keyUsage(boolean ecKey) {
        int bits = KeyUsage.digitalSignature;
        if (nonRepudiation) {
            bits |= KeyUsage.nonRepudiation;
        }
        if (encrypts) {
            bits |= ecKey ? KeyUsage.keyAgreement : KeyUsage.keyEncipherment;
        }
        return new KeyUsage(bits);
    }

    KeyPurposeId[] extendedKeyUsages() {
        return extendedUsages.toArray(KeyPurposeId[]::new);
    }
}
