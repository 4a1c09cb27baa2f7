package org.villhop.smime;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;
import org.villhop.trust.Certificates;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.Purpose;
import org.villhop.trust.TrustVerdict;

/**
 * Judges one signature: algorithms allowed, signature good over the content, signer trusted, signing time within the
 * signer's validity, signer email equal to the From or Sender address.
 */
final class SignatureCheck {
    private final CertificateValidator validator;
    private final CryptoProviders providers;
    private final Clock clock;

    SignatureCheck(CertificateValidator validator, CryptoProviders providers, Clock clock) {
        this.validator = validator;
        this.providers = providers;
        this.clock = clock;
    }

    /** The verdict for the signed data; {@code senders} are the From and Sender addresses of the message. */
    SmimeVerdict check(SignerInformationStore signers, Store<X509CertificateHolder> store, List<String> senders,
            boolean encrypted) {
        Collection<SignerInformation> all = signers.getSigners();
        if (all.isEmpty()) {
            return verdict(SmimeVerdict.Kind.MALFORMED, "the signature holds no signer", encrypted, null, null);
        }
        List<X509Certificate> carried = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try {
            for (X509CertificateHolder holder : store.getMatches(null)) {
                carried.add(converter.getCertificate(holder));
            }
        } catch (CertificateException e) {
            return verdict(SmimeVerdict.Kind.MALFORMED, "a certificate in the signature is unreadable", encrypted,
                    null, null);
        }
        SmimeVerdict last = null;
        for (SignerInformation signer : all) {
            last = checkOne(signer, store, carried, senders, encrypted);
            if (last.isValid()) {
                return last;
            }
        }
        return last;
    }

    private SmimeVerdict checkOne(SignerInformation signer, Store<X509CertificateHolder> store,
            List<X509Certificate> carried, List<String> senders, boolean encrypted) {
        Optional<String> weak = validator.policy().checkDigest(signer.getDigestAlgOID())
                .or(() -> validator.policy().checkSignatureAlgorithm(signer.getEncryptionAlgOID(),
                        signer.getEncryptionAlgOID()));
        if (weak.isPresent()) {
            return verdict(SmimeVerdict.Kind.WEAK_ALGORITHM, "the message is signed with " + weak.get(), encrypted,
                    null, null);
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = store.getMatches(signer.getSID());
        if (matches.isEmpty()) {
            return verdict(SmimeVerdict.Kind.UNKNOWN_ISSUER, "the signer's certificate is not in the message",
                    encrypted, null, null);
        }
        X509Certificate cert;
        try {
            cert = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
        } catch (CertificateException e) {
            return verdict(SmimeVerdict.Kind.MALFORMED, "the signer's certificate is unreadable", encrypted, null,
                    null);
        }
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(providers.bc())
                    .build(cert.getPublicKey()))) {
                return verdict(SmimeVerdict.Kind.BAD_SIGNATURE, "the signature of " + Certificates.name(cert)
                        + " does not verify", encrypted, cert, null);
            }
        } catch (CMSSignerDigestMismatchException e) {
            return verdict(SmimeVerdict.Kind.BAD_SIGNATURE, "the content digest does not match the signed digest:"
                    + " the content was altered after " + Certificates.name(cert) + " signed it", encrypted, cert, null);
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            return verdict(SmimeVerdict.Kind.BAD_SIGNATURE, "the signature of " + Certificates.name(cert)
                    + " does not verify (" + e.getMessage() + ")", encrypted, cert, null);
        }
        TrustVerdict trust = validator.validate(cert, carried, Purpose.SMIME_SIGNING, clock.instant());
        if (!trust.isValid()) {
            return verdict(SmimeVerdict.Kind.of(trust.kind()), trust.reason(), encrypted, cert, trust);
        }
        Optional<Instant> signingTime = signingTime(signer);
        if (signingTime.isPresent() && (signingTime.get().isBefore(cert.getNotBefore().toInstant())
                || signingTime.get().isAfter(cert.getNotAfter().toInstant()))) {
            return verdict(SmimeVerdict.Kind.SIGNING_TIME_INVALID, "signed at " + signingTime.get()
                    + ", outside the validity of " + Certificates.name(cert) + " (" + cert.getNotBefore().toInstant()
                    + " to " + cert.getNotAfter().toInstant() + ")", encrypted, cert, trust);
        }
        List<String> emails = Certificates.emails(cert);
        if (senders.isEmpty()) {
            return verdict(SmimeVerdict.Kind.SIGNER_MISMATCH, "the message has no From address to match the signer "
                    + emails, encrypted, cert, trust);
        }
        if (senders.stream().noneMatch(s -> emails.contains(s.toLowerCase(Locale.ROOT)))) {
            return verdict(SmimeVerdict.Kind.SIGNER_MISMATCH, "signed by " + String.join(", ", emails)
                    + " but sent from " + String.join(", ", senders), encrypted, cert, trust);
        }
        return verdict(SmimeVerdict.Kind.VALID, "signed by " + String.join(", ", emails) + " ("
                + Certificates.name(cert) + ")" + signingTime.map(t -> " at " + t).orElse("") + "; " + trust.reason(),
                encrypted, cert, trust);
    }

    private static Optional<Instant> signingTime(SignerInformation signer) {
        if (signer.getSignedAttributes() == null) {
            return Optional.empty();
        }
        Attribute attribute = signer.getSignedAttributes().get(CMSAttributes.signingTime);
        if (attribute == null || attribute.getAttrValues().size() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static SmimeVerdict verdict(SmimeVerdict.Kind kind, String reason, boolean encrypted, X509Certificate signer,
            TrustVerdict trust) {
        return new SmimeVerdict(kind, reason, encrypted, true, signer, trust);
    }
}
