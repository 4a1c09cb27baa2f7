package org.villhop.pki;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.x509.CRLReason;

/** RFC 5280 revocation reasons, with the names users type ({@code key-compromise}, {@code superseded} ...). */
public enum RevocationReason {
    UNSPECIFIED("unspecified", CRLReason.unspecified),
    KEY_COMPROMISE("key-compromise", CRLReason.keyCompromise),
    CA_COMPROMISE("ca-compromise", CRLReason.cACompromise),
    AFFILIATION_CHANGED("affiliation-changed", CRLReason.affiliationChanged),
    SUPERSEDED("superseded", CRLReason.superseded),
    CESSATION_OF_OPERATION("cessation-of-operation", CRLReason.cessationOfOperation),
    CERTIFICATE_HOLD("certificate-hold", CRLReason.certificateHold),
    PRIVILEGE_WITHDRAWN("privilege-withdrawn", CRLReason.privilegeWithdrawn);

    private final String label;
    private final int code;

    RevocationReason(String label, int code) {
        this.label = label;
        this.code = code;
    }

    public String label() {
        return label;
    }

    public int code() {
        return code;
    }

    public static RevocationReason fromLabel(String text) {
        for (RevocationReason r : values()) {
            if (r.label.equalsIgnoreCase(text) || r.name().equalsIgnoreCase(text)) {
                return r;
            }
        }
        throw new PkiException("unknown revocation reason '" + text + "' (expected one of "
                + Arrays.stream(values()).map(RevocationReason::label).collect(Collectors.joining(", ")) + ")");
    }
}
