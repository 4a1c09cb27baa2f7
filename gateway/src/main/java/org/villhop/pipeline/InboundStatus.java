package org.villhop.pipeline;

import java.util.Locale;

import org.villhop.pki.CertificateInfo;
import org.villhop.smime.SmimeVerdict;

/** The one namespaced header that carries the inbound S/MIME verdict to the local recipient. */
public final class InboundStatus {
    public static final String HEADER = "X-Villhop-SMIME-Status";

    private InboundStatus() {
    }

    /**
     * For example {@code valid; signed by dr.martin@medecins.mssante.test; encrypted} or
     * {@code revoked; signed by ...; not encrypted; signer certificate revoked: ...}.
     */
    static String of(SmimeVerdict verdict) {
        StringBuilder value = new StringBuilder(verdict.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (verdict.signer() != null) {
            var emails = CertificateInfo.of(verdict.signer()).emails();
            value.append("; signed by ").append(emails.isEmpty() ? verdict.signer().getSubjectX500Principal()
                    .getName() : emails.getFirst());
        } else {
            value.append(verdict.signed() ? "; signed" : "; not signed");
        }
        value.append(verdict.encrypted() ? "; encrypted" : "; not encrypted");
        if (!verdict.isValid()) {
            value.append("; ").append(verdict.reason());
        }
        return clean(value.toString());
    }

    /** One header line: control characters removed, at most 900 characters. */
    static String clean(String value) {
        String text = value.replaceAll("[\\r\\n\\t\\p{Cntrl}]", " ");
        return text.length() <= 900 ? text : text.substring(0, 897) + "...";
    }
}
