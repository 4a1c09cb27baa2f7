package org.villhop.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.villhop.delivery.DeliveryAgent;
import org.villhop.delivery.Destination;
import org.villhop.delivery.DnsMxResolver;
import org.villhop.delivery.MxResolver;
import org.villhop.delivery.RouteResolver;
import org.villhop.delivery.SmtpClientSettings;
import org.villhop.delivery.TlsClientMaterial;

/**
 * Builds the delivery agent from a configuration: the client certificate, the trust manager for next hops, the client
 * settings (protocols, suites, timeouts, connection limit) and the
 * routes (static routes, relay host, DNS MX, trust space).
 */
public final class DeliverySetup {
    private DeliverySetup() {
    }

    /** The agent for this configuration, resolving MX through the system's DNS resolvers. */
    public static DeliveryAgent agent(GatewayConfig config, Clock clock) throws IOException, GeneralSecurityException {
        return agent(config, DnsMxResolver.system(), clock);
    }

    public static DeliveryAgent agent(GatewayConfig config, MxResolver mx, Clock clock)
            throws IOException, GeneralSecurityException {
        return new DeliveryAgent(clientSettings(config, tlsClientMaterial(config)), routes(config, mx), clock);
    }

    public static RouteResolver routes(GatewayConfig config, MxResolver mx) {
        DeliveryConfig d = config.delivery();
        Destination relay = d.relayHost() == null ? null
                : Destination.of(d.relayHost().host(), d.relayHost().port(), d.relayTls());
        return new RouteResolver(d.routes(), relay, mx, new HashSet<>(config.security().trustSpace()),
                d.defaultTls());
    }

    /** The client settings, with the default client identity {@code tls} and every route's own identity loaded. */
    public static SmtpClientSettings clientSettings(GatewayConfig config, TlsClientMaterial tls)
            throws IOException, GeneralSecurityException {
        return clientSettings(config, tls, trustManager(config.tls()));
    }

    /** The client settings, every route's own identity trusting peers with {@code trust}. */
    public static SmtpClientSettings clientSettings(GatewayConfig config, TlsClientMaterial tls,
            X509TrustManager trust) throws IOException, GeneralSecurityException {
        Limits limits = config.limits();
        DeliveryConfig d = config.delivery();
        SmtpClientSettings settings = new SmtpClientSettings(config.hostname(), tls, config.tls().protocols(),
                config.tls().cipherSuites(), d.connectTimeout(), limits.commandTimeout(), limits.dataTimeout(),
                d.maxConnectionsPerDestination(), java.time.Duration.ofSeconds(30), java.util.Map.of());
        for (DeliveryConfig.ClientIdentity identity : d.routeIdentities()) {
            settings = settings.withClientIdentity(identity.name(),
                    new TlsClientMaterial(keyManagers(identity.keystore(), identity.passwordFile()), trust));
        }
        return settings;
    }

    /**
     * The client key (delivery.client-keystore, else tls.keystore) and {@link #trustManager(TlsConfig)}. The gateway
     * itself uses {@link #tlsClientMaterial(GatewayConfig, X509TrustManager)} with a trust manager that always checks
     * revocation ({@link org.villhop.trust.ValidatingTrustManager}).
     */
    public static TlsClientMaterial tlsClientMaterial(GatewayConfig config) throws IOException,
            GeneralSecurityException {
        return tlsClientMaterial(config, trustManager(config.tls()));
    }

    /** The client key (delivery.client-keystore, else tls.keystore), trusting peers with {@code trust}. */
    public static TlsClientMaterial tlsClientMaterial(GatewayConfig config, X509TrustManager trust)
            throws IOException, GeneralSecurityException {
        TlsConfig tls = config.tls();
        DeliveryConfig d = config.delivery();
        Path keystore = d.clientKeystore() != null ? d.clientKeystore() : tls.keystore();
        Path passwordFile = d.clientKeystorePasswordFile() != null ? d.clientKeystorePasswordFile()
                : tls.keystorePasswordFile();
        return new TlsClientMaterial(keyManagers(keystore, passwordFile), trust);
    }

    /** The key managers of a PKCS#12 key store whose password is the first line of {@code passwordFile}. */
    public static KeyManager[] keyManagers(Path keystore, Path passwordFile) throws IOException,
            GeneralSecurityException {
        char[] password = readPassword(passwordFile);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, password);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, password);
            return kmf.getKeyManagers();
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /**
     * A JDK PKIX trust manager on tls.trust-anchors, for tools and tests that speak to the gateway; revocation is
     * checked against the CRL files of tls.crls when any are given, and not at all otherwise.
     */
    public static X509TrustManager trustManager(TlsConfig tls) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Set<TrustAnchor> anchors = new HashSet<>();
        for (Path p : tls.trustAnchors()) {
            try (InputStream in = Files.newInputStream(p)) {
                for (var cert : cf.generateCertificates(in)) {
                    anchors.add(new TrustAnchor((X509Certificate) cert, null));
                }
            }
        }
        if (anchors.isEmpty()) {
            throw new GeneralSecurityException("no trust anchors configured (tls.trust-anchors)");
        }
        List<X509CRL> crls = new ArrayList<>();
        for (String location : tls.crls()) {
            if (!location.startsWith("http://") && !location.startsWith("https://")) {
                try (InputStream in = Files.newInputStream(Path.of(location))) {
                    cf.generateCRLs(in).forEach(c -> crls.add((X509CRL) c));
                }
            }
        }
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, new X509CertSelector());
        if (crls.isEmpty()) {
            params.setRevocationEnabled(false);
        } else {
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX")
                    .getRevocationChecker();
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
            params.addCertPathChecker(checker);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(new CertPathTrustManagerParameters(params));
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    private static char[] readPassword(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).stripTrailing().toCharArray();
    }
}
