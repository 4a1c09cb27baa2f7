package org.villhop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.villhop.config.SecurityConfig.DomainPolicy;
import org.villhop.delivery.BodySource;
import org.villhop.pki.CertificateInfo;
import org.villhop.smime.EncryptOptions;
import org.villhop.smime.SignOptions;
import org.villhop.smime.SmimeComposer;
import org.villhop.smime.SmimeIdentity;

/**
 * Outbound S/MIME: signs with the sender's certificate (see {@link KeyRing#signerFor}) and encrypts for every
 * recipient whose certificate is known, plus the sender's copy. A recipient without a certificate is refused when its
 * domain's policy is {@code encrypt-required}, or gets the signed message over verified TLS when it is
 * {@code tls-only}. Recipients must come in groups that all have a certificate or all lack one ({@link #group}):
 * one content per group. The header {@value #STATUS_HEADER} says what was done (any copy from the submitter is
 * removed first); the Message-ID and the other envelope headers are kept.
 */
public final class ProtectStage implements ContentStage {
    public static final String STATUS_HEADER = "X-Villhop-Security";

    private final SmimeComposer composer;
    private final KeyRing keys;
    private final EncryptionCertificates certificates;
    private final Function<String, DomainPolicy> policy;

    /** @param policy the policy of a recipient domain (lower case) for recipients without certificate */
    public ProtectStage(SmimeComposer composer, KeyRing keys, EncryptionCertificates certificates,
                        Function<String, DomainPolicy> policy) {
        this.composer = composer;
        this.keys = keys;
        this.certificates = certificates;
        this.policy = policy;
    }

    /** The group of a recipient: "encrypted" when its certificate is known, else "signed". */
    public String group(String recipient) {
        return certificates.find(recipient).isPresent() ? "encrypted" : "signed";
    }

    @Override
    public String name() {
        return "sign+encrypt";
    }

    @Override
    public boolean appliesTo(MessageContext context) {
        return true;
    }

    @Override
    public void transform(MessageContext context, BodySource in, OutputStream out) throws IOException,
            StageException {
        SmimeIdentity signer = keys.signerFor(context.sender()).orElseThrow(() -> new StageException(new Refusal(
                "5.7.0", "no signing certificate for <" + context.sender() + "> or its domain in the gateway's "
                + "identities (pki/identities): not sent unsigned")));
        List<X509Certificate> recipients = new ArrayList<>();
        List<String> unencrypted = new ArrayList<>();
        for (String r : context.accepted()) {
            Optional<X509Certificate> cert = certificates.find(r);
            if (cert.isPresent()) {
                recipients.add(cert.get());
            } else if (policy.apply(domainOf(r)) == DomainPolicy.ENCRYPT_REQUIRED) {
                context.refuse(r, new Refusal("5.7.1", "no valid encryption certificate known for <" + r
                        + "> (villhop directory add) and the policy of " + domainOf(r)
                        + " is encrypt-required: not sent"));
            } else {
                unencrypted.add(r);
            }
        }
        if (context.accepted().isEmpty()) {
            return;
        }
        if (!recipients.isEmpty() && !unencrypted.isEmpty()) {
            throw new IllegalStateException("recipients with and without certificate in one group: " + unencrypted);
        }
        String who = CertificateInfo.of(signer.certificate()).emails().getFirst();
        String status = recipients.isEmpty()
                ? "signed by " + who + "; not encrypted (no certificate known, domain policy tls-only): "
                + "sent over verified TLS only"
                : "signed by " + who + "; encrypted for " + recipients.size()
                + (recipients.size() == 1 ? " recipient" : " recipients") + " and the sender's copy";
        try (InputStream message = HeaderEdit.edited(in.open(), List.of(STATUS_HEADER, InboundStatus.HEADER),
                List.of(STATUS_HEADER + ": " + status))) {
            if (recipients.isEmpty()) {
                composer.sign(message, out, signer, SignOptions.defaults());
            } else {
                composer.signAndEncrypt(message, out, signer, SignOptions.defaults(), recipients,
                        EncryptOptions.defaults());
            }
        }
        context.note(status);
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }
}
