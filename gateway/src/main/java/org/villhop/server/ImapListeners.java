package org.villhop.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.X509TrustManager;

import org.villhop.audit.AuditEvent;
import org.villhop.audit.AuditJournal;
import org.villhop.config.GatewayConfig;
import org.villhop.config.ListenerConfig;
import org.villhop.imap.ImapAuditEvent;
import org.villhop.imap.ImapServer;
import org.villhop.store.MailboxStore;
import org.villhop.users.UserDirectory;

/**
 * The IMAP listeners of a configuration (kinds imap and imaps) over the mailbox store: users log in with their
 * submission name and password and open their own mailboxes; logins and mailbox changes go to the audit journal.
 */
final class ImapListeners {
    private ImapListeners() {
    }

    static List<ImapServer> build(GatewayConfig config, MailboxStore store, UserDirectory users, AuditJournal audit,
                                  Clock clock, Path spool, int portOverride, X509TrustManager clientTrust)
            throws IOException,
            GeneralSecurityException {
        List<ImapServer> servers = new ArrayList<>();
        for (ListenerConfig listener : config.listeners()) {
            if (!listener.kind().imap()) {
                continue;
            }
            servers.add(ImapServer.builder(store, (user, password) -> users.authenticate(user,
                            password.toCharArray()).map(account -> account.username()),
                            Listeners.context(config, listener, clientTrust))
                    .bind(new InetSocketAddress(InetAddress.getByName(listener.address()),
                            portOverride >= 0 ? portOverride : listener.port()))
                    .mode(listener.kind() == ListenerConfig.Kind.IMAPS ? ImapServer.TlsMode.IMPLICIT
                            : ImapServer.TlsMode.STARTTLS)
                    .maxMessageSize(config.limits().messageSize())
                    .audit(event -> audit.record(auditEvent(event)))
                    .clock(clock)
                    .spool(spool)
                    .build());
        }
        return servers;
    }

    private static AuditEvent auditEvent(ImapAuditEvent e) {
        return switch (e.type()) {
            case LOGIN_SUCCEEDED -> AuditEvent.login(e.user(), e.remoteAddress(), true, "imap");
            case LOGIN_FAILED -> AuditEvent.login(e.user(), e.remoteAddress(), false, "imap"
                    + (e.detail() == null ? "" : ": " + e.detail()));
            default -> new AuditEvent("mailbox." + e.type().name().toLowerCase(Locale.ROOT), AuditEvent.SUCCESS,
                    e.user(), e.remoteAddress(), null, null, List.of(), (e.mailbox() == null ? "" : e.mailbox())
                    + (e.detail() == null ? "" : ": " + e.detail()));
        };
    }
}
