package org.villhop.pki;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to put in a new end-entity certificate. Validity is always explicit: {@code notBefore} and {@code notAfter}
 * (a caller that wants "N days from now" computes them from its clock).
 */
public record IssueRequest(CertificateProfile profile, String commonName, String organisation, List<String> emails,
                           List<String> dnsNames, List<String> ipAddresses, Instant notBefore, Instant notAfter) {

    public IssueRequest {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        emails = List.copyOf(emails);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        if (!notAfter.isAfter(notBefore)) {
            throw new PkiException("the certificate would end (" + notAfter + ") before it starts (" + notBefore + ")");
        }
        if (profile.needsEmail() && emails.isEmpty()) {
            throw new PkiException("profile " + profile.label() + " needs at least one email address (--email)");
        }
        if (profile == CertificateProfile.TLS_SERVER && dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new PkiException("profile tls-server needs at least one DNS name or IP address (--dns, --ip)");
        }
        if (commonName == null || commonName.isBlank()) {
            throw new PkiException("a certificate needs a name (the subject's common name)");
        }
        for (String email : emails) {
            int at = email.indexOf('@');
            if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.contains(" ")) {
                throw new PkiException("not an email address: '" + email + "'");
            }
        }
    }
}
