package org.villhop.config;

import java.nio.file.Path;
import java.util.List;

/**
 * TLS material and settings shared by listeners and delivery.
 *
 * @param protocols            TLSv1.2 and/or TLSv1.3
 * @param cipherSuites         enabled suites (JSSE names); empty: the JDK's defaults for those protocols
 * @param keystore             PKCS#12 with the gateway's TLS key and certificate chain
 * @param keystorePasswordFile file whose first line is the key store password
 * @param trustAnchors         PEM files of trusted CA certificates (IGC-Santé-like roots)
 * @param crls                 CRL files (PEM or DER) or http(s) URLs
 */
public record TlsConfig(List<String> protocols, List<String> cipherSuites, Path keystore, Path keystorePasswordFile,
                        List<Path> trustAnchors, List<String> crls) {
    public TlsConfig {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        trustAnchors = List.copyOf(trustAnchors);
        crls = List.copyOf(crls);
    }
}
