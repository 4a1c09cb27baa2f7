package org.villhop.trust;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.X509TrustManager;

/**
 * Trust for TLS peers by the same rules as for S/MIME: {@link CertificateValidator}'s trust anchors, algorithm policy
 * and revocation (the operator's CRLs, followed while the gateway runs, else each certificate's distribution points),
 * with the TLS purpose of the peer's side. A peer whose certificate is not {@link TrustVerdict.Kind#VALID} fails the
 * handshake with the verdict's reason. The host name is checked by JSSE itself (endpoint identification), which
 * wraps a trust manager of this kind.
 */
public final class ValidatingTrustManager implements X509TrustManager {
    private final CertificateValidator validator;
    private final Clock clock;

    public ValidatingTrustManager(CertificateValidator validator, Clock clock) {
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, Purpose.TLS_CLIENT, "client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, Purpose.TLS_SERVER, "server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return validator.anchors().toArray(X509Certificate[]::new);
    }

    private void check(X509Certificate[] chain, Purpose purpose, String side) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the TLS " + side + " presented no certificate");
        }
        List<X509Certificate> carried = Arrays.asList(chain).subList(1, chain.length);
        TrustVerdict verdict = validator.validate(chain[0], carried, purpose, clock.instant());
        if (verdict.kind() != TrustVerdict.Kind.VALID) {
            throw new CertificateException("TLS " + side + " certificate " + chain[0].getSubjectX500Principal()
                    .getName() + " refused: " + verdict.kind().words() + " (" + verdict.reason() + ")");
        }
    }
}
