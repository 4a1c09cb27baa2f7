package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.villhop.config.GatewayConfig;
import org.villhop.config.Limits;
import org.villhop.config.ListenerConfig;
import org.villhop.smtp.AuthLimits;
import org.villhop.smtp.SmtpHandler;
import org.villhop.smtp.SmtpServer;
import org.villhop.smtp.SmtpServerOptions;
import org.villhop.smtp.TlsSettings;
import org.villhop.trust.Certificates;

/**
 * Builds the SMTP listeners of a configuration: MX (STARTTLS, client certificate requested or required, verified
 * against the trust anchors), submission (STARTTLS, AUTH required) and submissions (implicit TLS, AUTH required),
 * with the configured protocols, suites and limits.
 */
final class Listeners {
    private Listeners() {
    }

    /**
     * The SMTP servers (the IMAP listeners are {@link ImapListeners}'), not started, in configuration order;
     * {@code portOverride} replaces every port when >= 0.
     */
    static List<SmtpServer> build(GatewayConfig config, SmtpHandler handler, Clock clock, int portOverride,
                                  X509TrustManager clientTrust) throws IOException, GeneralSecurityException {
        List<SmtpServer> servers = new ArrayList<>();
        for (ListenerConfig listener : config.listeners()) {
            if (listener.kind().imap()) {
                continue;
            }
            servers.add(new SmtpServer(options(config, listener, clock, portOverride, clientTrust), handler));
        }
        return servers;
    }

    private static SmtpServerOptions options(GatewayConfig config, ListenerConfig listener, Clock clock,
                                             int portOverride, X509TrustManager clientTrust)
            throws IOException, GeneralSecurityException {
        Limits limits = config.limits();
        TlsSettings tls = new TlsSettings(context(config, listener, clientTrust), config.tls().protocols(),
                config.tls().cipherSuites().isEmpty() ? TlsSettings.DEFAULT_SUITES : config.tls().cipherSuites(),
                switch (listener.clientCertificate()) {
                    case NONE -> TlsSettings.ClientAuth.NONE;
                    case REQUEST -> TlsSettings.ClientAuth.WANT;
                    case REQUIRE -> TlsSettings.ClientAuth.NEED;
                });
        boolean mx = listener.kind() == ListenerConfig.Kind.MX;
        return SmtpServerOptions.builder()
                .name(listener.name())
                .hostname(config.hostname())
                .bindAddress(InetAddress.getByName(listener.address()))
                .port(portOverride >= 0 ? portOverride : listener.port())
                .tls(listener.kind() == ListenerConfig.Kind.SUBMISSIONS ? SmtpServerOptions.TlsMode.IMPLICIT
                        : SmtpServerOptions.TlsMode.STARTTLS, tls)
                .authEnabled(true)
                .authRequired(!mx)
                .maxMessageSize(limits.messageSize())
                .maxRecipients(limits.recipientsPerMessage())
                .commandTimeout(limits.commandTimeout())
                .dataTimeout(limits.dataTimeout())
                .maxConnections(limits.connectionsTotal())
                .maxConnectionsPerIp(limits.connectionsPerIp())
                .authLimits(new AuthLimits(limits.authFailuresBeforeDelay(), Duration.ofSeconds(1), Duration.ofSeconds(30),
                        limits.authFailuresPerUser(), limits.authFailuresPerAddress(), limits.authFailureWindow()))
                .clock(clock)
                .build();
    }

    /**
     * The listener's key (its own key store, else tls.keystore) and, for client certificates, the trust anchors:
     * {@code require} verifies the chain during the handshake; {@code request} takes any chain and leaves the
     * verification to the {@link org.villhop.policy.PeerCertificatePolicy} (a precise SMTP refusal, not a failed
     * handshake).
     */
    static SSLContext context(GatewayConfig config, ListenerConfig listener, X509TrustManager clientTrust)
            throws IOException,
            GeneralSecurityException {
        Path keystore = listener.keystore() != null ? listener.keystore() : config.tls().keystore();
        Path passwordFile = listener.keystorePasswordFile() != null ? listener.keystorePasswordFile()
                : config.tls().keystorePasswordFile();
        char[] password = firstLine(passwordFile);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, password);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, password);
            TrustManager[] trust = switch (listener.clientCertificate()) {
                case NONE -> null;
                case REQUEST -> new TrustManager[] {new PresentedCertificateTrust(anchors(config))};
                case REQUIRE -> new TrustManager[] {clientTrust};
            };
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(CachedKeyManager.wrap(kmf.getKeyManagers(), keys, password), trust, null);
            return context;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static List<X509Certificate> anchors(GatewayConfig config) throws IOException {
        List<X509Certificate> anchors = new ArrayList<>();
        for (Path file : config.tls().trustAnchors()) {
            anchors.addAll(Certificates.read(file));
        }
        return anchors;
    }

    /** The first line of a password file (trailing blanks removed). */
    static char[] firstLine(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).stripTrailing().toCharArray();
    }
}
