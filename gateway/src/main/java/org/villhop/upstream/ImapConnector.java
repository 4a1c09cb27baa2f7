package org.villhop.upstream;

import java.io.IOException;
import java.util.Properties;

import javax.net.ssl.SSLContext;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Opens an authenticated Angus Mail IMAP store for an account: TLS from the caller's SSLContext (its trust anchors, and
 * its key for a client certificate), TLS 1.2+, server identity checked against the host name, STARTTLS required when
 * asked for, messages read with BODY.PEEK (so that nothing is marked \Seen before it is accepted).
 */
final class ImapConnector {
    private ImapConnector() {
    }

    static Store connect(UpstreamAccount account, SSLContext ssl) throws MessagingException, IOException {
        boolean implicit = account.tls() == TlsMode.IMPLICIT;
        String protocol = implicit ? "imaps" : "imap";
        String prefix = "mail." + protocol;
        Properties p = new Properties();
        p.put(prefix + ".ssl.socketFactory", ssl.getSocketFactory());
        p.put(prefix + ".ssl.checkserveridentity", "true");
        p.put(prefix + ".ssl.protocols", "TLSv1.3 TLSv1.2");
        if (!implicit) {
            p.put(prefix + ".starttls.enable", "true");
            p.put(prefix + ".starttls.required", "true");
        }
        p.put(prefix + ".peek", "true");
        p.put(prefix + ".partialfetch", "true");
        p.put(prefix + ".fetchsize", String.valueOf(64 * 1024));
        p.put(prefix + ".connectiontimeout", String.valueOf(account.timeout().toMillis()));
        p.put(prefix + ".timeout", String.valueOf(account.timeout().toMillis()));
        String secret = switch (account.credentials()) {
            case UpstreamCredentials.Password password -> new String(password.password().get());
            case UpstreamCredentials.XOAuth2 oauth -> {
                p.put(prefix + ".auth.mechanisms", "XOAUTH2");
                p.put(prefix + ".auth.xoauth2.disable", "false");
                yield oauth.tokens().accessToken();
            }
            case UpstreamCredentials.ClientCertificate c -> {
                p.put(prefix + ".sasl.enable", "true");
                p.put(prefix + ".sasl.mechanisms", "EXTERNAL");
                p.put(prefix + ".auth.login.disable", "true");
                p.put(prefix + ".auth.plain.disable", "true");
                yield "";
            }
        };
        Store store = Session.getInstance(p).getStore(protocol);
        store.connect(account.host(), account.port(), account.username(), secret);
        return store;
    }
}
