package org.villhop.smtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS for a listener: the caller's {@link SSLContext} (server key and, for client certificates, the trust anchors),
 * TLS 1.2/1.3 only, and a strong suite list.
 *
 * @param context      the server's key material and trust anchors
 * @param protocols    a subset of {@code TLSv1.3, TLSv1.2}
 * @param cipherSuites in order of preference; suites the JDK lacks are skipped, none left is an error
 * @param clientAuth   whether a client certificate is requested or required
 */
public record TlsSettings(SSLContext context, List<String> protocols, List<String> cipherSuites,
                          ClientAuth clientAuth) {
    /** TLS 1.3 then 1.2. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /**
     * The TLS 1.3 suites, then on TLS 1.2 the four ECDHE-RSA suites MSSanté asks for (0xC030, 0xC02F, 0xC028, 0xC027)
     * and their ECDHE-ECDSA equivalents (0xC02C, 0xC02B, 0xC024, 0xC023).
     */
    public static final List<String> DEFAULT_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    /** Whether the server asks the client for a certificate. */
    public enum ClientAuth {
        /** No client certificate asked (submission). */
        NONE,
        /** Asked, optional; a presented one is checked by the context's trust manager (or left to the handler). */
        WANT,
        /** Required and verified; the handshake fails without one. */
        NEED
    }

    public TlsSettings {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(clientAuth, "clientAuth");
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        for (String p : protocols) {
            if (!ALLOWED_PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("TLS protocol " + p + " is not allowed (only TLSv1.2, TLSv1.3)");
            }
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol enabled");
        }
        if (supportedSuites(context, cipherSuites).isEmpty()) {
            throw new IllegalArgumentException("none of the cipher suites " + cipherSuites + " is supported");
        }
    }

    /** The defaults with this context and client-certificate mode. */
    public static TlsSettings defaults(SSLContext context, ClientAuth clientAuth) {
        return new TlsSettings(context, DEFAULT_PROTOCOLS, DEFAULT_SUITES, clientAuth);
    }

    /** Applies protocols, suites (server order) and client authentication to a server-side socket. */
    void apply(SSLSocket socket) {
        SSLParameters params = context.getDefaultSSLParameters();
        params.setProtocols(protocols.toArray(String[]::new));
        params.setCipherSuites(supportedSuites(context, cipherSuites).toArray(String[]::new));
        params.setUseCipherSuitesOrder(true);
        switch (clientAuth) {
            case NEED -> params.setNeedClientAuth(true);
            case WANT -> params.setWantClientAuth(true);
            case NONE -> params.setWantClientAuth(false);
        }
        socket.setUseClientMode(false);
        socket.setSSLParameters(params);
    }

    private static List<String> supportedSuites(SSLContext context, List<String> wanted) {
        Set<String> supported = Set.copyOf(Arrays.asList(context.getSupportedSSLParameters().getCipherSuites()));
        List<String> result = new ArrayList<>();
        for (String suite : wanted) {
            if (supported.contains(suite)) {
                result.add(suite);
            }
        }
        return result;
    }
}
