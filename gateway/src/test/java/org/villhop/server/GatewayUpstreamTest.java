package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.audit.AuditEntry;
import org.villhop.upstream.TlsProxy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;

/**
 * {@code villhop serve} fetching an operator mailbox (the {@code upstream:} section): GreenMail's IMAP server behind
 * a TLS front holding the sample localhost certificate (trusted through the configuration's trust anchors); each
 * message lands in the configured local recipient's mailbox through the inbound pipeline, is flagged upstream only
 * then, and a restart of the gateway fetches the new messages and none twice.
 */
class GatewayUpstreamTest {
    private static final String OPERATOR_USER = "ops@operator.mssante.test";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir
    Path dir;
    private GatewayHarness h;
    private TlsProxy proxy;
    private GreenMailUser operator;

    @BeforeEach
    void createOperator() throws Exception {
        operator = greenMail.setUser(OPERATOR_USER, OPERATOR_USER, GatewayHarness.password());
    }

    /** Starts the gateway fetching through {@code front}; {@code login} holds the account's authentication keys. */
    private void start(TlsProxy front, String login) throws Exception {
        proxy = front;
        h = new GatewayHarness(dir, """
                upstream:
                  - name: operator
                    host: localhost
                    port: %d
                    tls: implicit
                    user: %s
                %s
                    after-accept: flag
                    recipients: [cardiologie@ch-lens.mssante.test]
                """.formatted(proxy.port(), OPERATOR_USER, login.indent(4).stripTrailing()), false).start();
    }

    private void startWithPassword() throws Exception {
        start(new TlsProxy(GatewayHarness.localhostServer(), greenMail.getImap().getPort()),
                "password-file: " + GatewayHarness.SAMPLE.resolve("PASSWORD.txt"));
    }

    /** The sample localhost key, and the sample root as the only anchor for client certificates. */
    private static javax.net.ssl.SSLContext trustingServer() throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        char[] password = GatewayHarness.password().toCharArray();
        try (var in = java.nio.file.Files.newInputStream(GatewayHarness.SAMPLE.resolve("identities/localhost.p12"))) {
            keys.load(in, password);
        }
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, password);
        java.security.KeyStore anchors = java.security.KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(GatewayHarness.SAMPLE.resolve("ca/root.pem"))) {
            anchors.setCertificateEntry("root",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private void deliverUpstream(int n) throws Exception {
        MimeMessage m = GreenMailUtil.createTextEmail(OPERATOR_USER, "dr.martin@medecins.mssante.test",
                "adressage " + n, "Compte rendu " + n + "\r\n", ServerSetupTest.IMAP);
        m.setHeader("Message-ID", "<adressage-" + n + "@medecins.mssante.test>");
        m.setHeader("Return-Path", "<bounces+" + n + "@medecins.mssante.test>");
        operator.deliver(m);
    }

    private List<AuditEntry> deliveredToMailbox() {
        try {
            return h.audit().stream().filter(e -> e.event().action().equals("message.delivered")
                    && e.event().recipients().contains("cardiologie@ch-lens.mssante.test")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private long flaggedUpstream() throws Exception {
        long n = 0;
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (m.getFlags().contains(Flags.Flag.SEEN) && m.getFlags().contains("$VillhopFetched")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void fetchedMessagesLandInTheLocalMailboxAreFlaggedUpstreamAndARestartFetchesNoneTwice() throws Exception {
        startWithPassword();
        deliverUpstream(1);
        deliverUpstream(2);
        h.await("both fetched messages delivered into the mailbox", () -> deliveredToMailbox().size() == 2);
        h.await("both flagged upstream", () -> {
            try {
                return flaggedUpstream() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(h.gateway.queue().hasAccepted("upstream:operator:INBOX:"
                + greenMail.getManagers().getImapHostManager().getInbox(operator).getUidValidity() + ":1"));
        assertEquals(2, h.audit().stream().filter(e -> e.event().action().equals("message.accepted")
                && "upstream:operator".equals(e.event().actor())).count(), "hand-overs audited");

        h.gateway.close();
        h.start();
        deliverUpstream(3);
        h.await("the third message delivered after the restart", () -> deliveredToMailbox().size() >= 3);
        h.await("the third flagged upstream", () -> {
            try {
                return flaggedUpstream() == 3;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(3, deliveredToMailbox().size(), "none fetched twice: " + deliveredToMailbox());
    }

    @Test
    void anAccountWithAClientIdentityOfTheDataDirectoryAndAnOAuthTokenFileFetchesWithTheReturnPathAsSender()
            throws Exception {
        java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("token.txt"),
                GatewayHarness.password() + "\n");
        SamplePki.seed(GatewayHarness.SAMPLE.resolve("data"), dir.resolve("data")); // the identity the config names
        start(TlsProxy.requiringClientCertificates(trustingServer(), greenMail.getImap().getPort()), """
                auth: xoauth2
                oauth-token-file: %s
                client-identity: dpi.ch-lens""".formatted(token));
        deliverUpstream(1);
        h.await("the fetched message delivered into the mailbox", () -> deliveredToMailbox().size() == 1);
        assertTrue(proxy.clientCertificates.stream().anyMatch(s -> s.contains("CN=CH Lens - DPI")), proxy.clientCertificates
                .toString());
        List<AuditEntry> accepted = h.audit().stream().filter(e -> e.event().action().equals("message.accepted")
                && "upstream:operator".equals(e.event().actor())).toList();
        assertEquals(List.of("bounces+1@medecins.mssante.test"),
                accepted.stream().map(e -> e.event().sender()).toList(), "the envelope sender is the Return-Path");
    }
}
