package org.villhop.server;

import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.X509TrustManager;

/**
 * The MX listener's trust manager when client certificates are only requested: the handshake accepts whatever chain
 * the peer presents (it still proves possession of the key), and the gateway verifies it afterwards where it matters,
 * for trust-space senders ({@link org.villhop.policy.PeerCertificatePolicy}), so that a bad certificate gets a precise
 * SMTP refusal instead of a failed handshake. The trust anchors are advertised as the acceptable issuers, so clients
 * pick a certificate from the right hierarchy.
 */
final class PresentedCertificateTrust implements X509TrustManager {
    private final X509Certificate[] anchors;

    PresentedCertificateTrust(List<X509Certificate> anchors) {
        this.anchors = anchors.toArray(X509Certificate[]::new);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // verified by the peer-certificate policy at MAIL FROM
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws java.security.cert.CertificateException {
        throw new java.security.cert.CertificateException("a listener does not verify servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.clone();
    }
}
