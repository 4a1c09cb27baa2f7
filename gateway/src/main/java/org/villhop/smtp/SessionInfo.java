package org.villhop.smtp;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the handler knows about the connection at the time of a command.
 *
 * @param listener          the listener's name (for example {@code mx} or {@code submission})
 * @param remote            the client's address
 * @param heloName          the EHLO/HELO argument, or null before it
 * @param tls               the TLS state, or null on a clear connection
 * @param authenticatedUser the AUTH identity, or null
 */
public record SessionInfo(String listener, InetSocketAddress remote, String heloName, Tls tls,
                          String authenticatedUser) {

    /** The client's IP address as text. */
    public String remoteIp() {
        return remote.getAddress().getHostAddress();
    }

    /**
     * The negotiated TLS session.
     *
     * @param protocol          {@code TLSv1.3} or {@code TLSv1.2}
     * @param cipherSuite       the suite's standard name
     * @param peerCertificates  the client's chain as presented, its own certificate first (empty when it presented
     *                          none); verified by the handshake only when the listener's trust manager verifies
     *                          client certificates, else it is the handler's to verify
     */
    public record Tls(String protocol, String cipherSuite, List<X509Certificate> peerCertificates) {
        public Tls {
            peerCertificates = List.copyOf(peerCertificates);
        }
    }
}
