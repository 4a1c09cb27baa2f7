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
    void start() throws Exception {
        operator = greenMail.setUser(OPERATOR_USER, OPERATOR_USER, GatewayHarness.password());
        proxy = new TlsProxy(GatewayHarness.localhostServer(), greenMail.getImap().getPort());
        h = new GatewayHarness(dir, """
                upstream:
                  - name: operator
                    host: localhost
                    port: %d
                    tls: implicit
                    user: %s
                    password-file: %s
                    after-accept: flag
                    recipients: [cardiologie@ch-lens.mssante.test]
                """.formatted(proxy.port(), OPERATOR_USER, GatewayHarness.SAMPLE.resolve("PASSWORD.txt")), false)
                .start();
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
}
