package org.villhop.policy;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

import org.villhop.trust.CertificateValidator;
import org.villhop.trust.Purpose;
import org.villhop.trust.TrustVerdict;

/**
 * The MX listener's rule for trust-space peers (operator ↔ operator mutual TLS): an unauthenticated peer whose MAIL
 * FROM domain is in the trust space must have started TLS and presented a client certificate that chains to the
 * configured trust anchors, is valid now, allows TLS client use, is not revoked, and names the sender's domain (see
 * {@link PeerIdentity}). When the certificate is optional, a peer without one is let through as any other peer, but a
 * presented certificate is still verified. Senders outside the trust space, and the null sender of bounces, are not
 * concerned.
 */
public final class PeerCertificatePolicy {
    private final Predicate<String> inTrustSpace;
    private final boolean required;
    private final CertificateValidator validator;
    private final Function<String, List<String>> extraNames;
    private final Clock clock;

    /**
     * @param inTrustSpace true for a domain (lower case) inside the trust space
     * @param required     true: trust-space senders must present a certificate; false: only a presented one is
     *                     checked
     * @param validator    path, validity, usage and revocation checks against the trust anchors
     * @param extraNames   for a sender domain, the certificate names configured as allowed to send for it
     */
    public PeerCertificatePolicy(Predicate<String> inTrustSpace, boolean required, CertificateValidator validator,
                                 Function<String, List<String>> extraNames, Clock clock) {
        this.inTrustSpace = inTrustSpace;
        this.required = required;
        this.validator = validator;
        this.extraNames = extraNames;
        this.clock = clock;
    }

    /**
     * @param reversePath the MAIL FROM address (empty for the null sender)
     * @param tls         true when the connection is under TLS
     * @param chain       the certificates the peer presented, its own first (empty when none)
     */
    public Verdict check(String reversePath, boolean tls, List<X509Certificate> chain) {
        int at = reversePath.lastIndexOf('@');
        if (at < 0) {
            return Verdict.accept();
        }
        String domain = reversePath.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!inTrustSpace.test(domain)) {
            return Verdict.accept();
        }
        if (!tls) {
            return required ? Verdict.refuse(530, "5.7.0", "must issue a STARTTLS command first: mail from "
                    + "trust-space domain " + domain + " is accepted only over TLS with a client certificate")
                    : Verdict.accept();
        }
        if (chain.isEmpty()) {
            return required ? Verdict.refuse(530, "5.7.0", "mail from trust-space domain " + domain + " needs a TLS "
                    + "client certificate; none was presented") : Verdict.accept();
        }
        X509Certificate peer = chain.getFirst();
        TrustVerdict verdict = validator.validate(peer, chain.subList(1, chain.size()), Purpose.TLS_CLIENT,
                clock.instant());
        if (!verdict.isValid()) {
            return Verdict.refuse(550, "5.7.1", "TLS client certificate refused for trust-space domain " + domain
                    + ": " + verdict);
        }
        PeerIdentity identity = PeerIdentity.of(peer);
        if (!identity.mayActFor(domain, extraNames.apply(domain))) {
            return Verdict.refuse(550, "5.7.1", "TLS client certificate " + identity + " does not name "
                    + "trust-space domain " + domain + " (nor a name configured for it in security.domains"
                    + " peer-names)");
        }
        return Verdict.accept();
    }
}
