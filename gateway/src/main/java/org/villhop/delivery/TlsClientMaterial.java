package org.villhop.delivery;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client side: the gateway's client certificate and key (presented to every peer that asks) and the trust
 * manager that verifies peers (trust anchors, revocation: built by the caller, for example from
 * {@code PKIXBuilderParameters} with CRLs). Holds two contexts: one verifying, one for the modes that only encrypt.
 */
public final class TlsClientMaterial {
    private final SSLContext verifying;
    private final SSLContext encryptingOnly;

    public TlsClientMaterial(KeyManager[] keyManagers, X509TrustManager trustManager) {
        try {
            verifying = SSLContext.getInstance("TLS");
            verifying.init(keyManagers, new TrustManager[] {trustManager}, null);
            encryptingOnly = SSLContext.getInstance("TLS");
            encryptingOnly.init(keyManagers, new TrustManager[] {new AcceptAnyServer()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS client contexts: " + e.getMessage(), e);
        }
    }

    /**
     * From key stores: {@code clientKeys} (may be null: no client certificate) with its password, and the trust anchors
     * (PKIX, revocation not checked here: pass your own trust manager to the constructor for that).
     */
    public static TlsClientMaterial fromKeyStores(KeyStore clientKeys, char[] keyPassword, KeyStore trustAnchors)
            throws GeneralSecurityException {
        KeyManager[] keys = null;
        if (clientKeys != null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(clientKeys, keyPassword);
            keys = kmf.getKeyManagers();
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trustAnchors);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return new TlsClientMaterial(keys, x509);
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    SSLContext contextFor(TlsMode mode) {
        return mode.verifiesPeer() ? verifying : encryptingOnly;
    }

    /** Used only for the modes that do not verify the peer, which the trust space never uses. */
    private static final class AcceptAnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Deliberately accepts: ENCRYPT and OPPORTUNISTIC modes protect against passive eavesdropping only.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
