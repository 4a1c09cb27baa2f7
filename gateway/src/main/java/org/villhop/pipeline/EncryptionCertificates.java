package org.villhop.pipeline;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.villhop.directory.RecipientDirectory;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.Purpose;

/**
 * A recipient's encryption certificate: the newest one of the recipients' directory ({@code villhop directory add})
 * that is valid now, allows key transport or agreement, and validates to the trust anchors with revocation checked.
 */
public final class EncryptionCertificates {
    private final RecipientDirectory directory;
    private final CertificateValidator validator;
    private final Clock clock;

    public EncryptionCertificates(RecipientDirectory directory, CertificateValidator validator, Clock clock) {
        this.directory = directory;
        this.validator = validator;
        this.clock = clock;
    }

    public Optional<X509Certificate> find(String recipient) {
        List<X509Certificate> candidates = directory.findForEncryption(recipient, clock.instant());
        return candidates.stream()
                .filter(c -> validator.validate(c, List.of(), Purpose.SMIME_ENCRYPTION, clock.instant()).isValid())
                .findFirst();
    }
}
