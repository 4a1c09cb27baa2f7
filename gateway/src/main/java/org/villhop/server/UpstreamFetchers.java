package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.villhop.audit.AuditEvent;
import org.villhop.audit.AuditJournal;
import org.villhop.config.DeliverySetup;
import org.villhop.config.GatewayConfig;
import org.villhop.config.UpstreamConfig;
import org.villhop.pki.Identity;
import org.villhop.pki.PkiException;
import org.villhop.pki.PkiStore;
import org.villhop.queue.BodyType;
import org.villhop.queue.Envelope;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.queue.MessageQueue;
import org.villhop.queue.StagedBody;
import org.villhop.upstream.FetchListener;
import org.villhop.upstream.FetchedMessage;
import org.villhop.upstream.InboundHandler;
import org.villhop.upstream.UpstreamAccount;
import org.villhop.upstream.UpstreamCredentials;
import org.villhop.upstream.UpstreamFetcher;
import org.villhop.upstream.UpstreamState;

/**
 * The operator mailboxes of the {@code upstream:} section, fetched into the queue: one {@link UpstreamFetcher} per
 * account, whose handler stages and commits each message as inbound mail for the account's local recipients (so it
 * goes through decrypt → verify → mailbox like mail from the MX), with its idempotency key in the same transaction,
 * so that {@link InboundHandler#hasAccepted} is exact after a crash. The server's certificate is checked against the
 * configuration's trust anchors; the account's client certificate, if any, is presented. The envelope sender comes
 * from the message's Return-Path, else its From ({@link FetchedSender}), so that a failure produces a DSN and the
 * message is tracked.
 */
final class UpstreamFetchers implements AutoCloseable {
    private final List<UpstreamFetcher> fetchers = new ArrayList<>();
    private final UpstreamState state;

    private UpstreamFetchers(UpstreamState state) {
        this.state = state;
    }

    /** @param pkiPasswordFile the data directory's key password file, or null for tls.keystore-password-file */
    static UpstreamFetchers start(GatewayConfig config, Path pkiPasswordFile, MessageQueue queue, AuditJournal audit,
                                  Runnable queued, X509TrustManager serverTrust, Clock clock, Consumer<String> log)
            throws IOException, GeneralSecurityException {
        Path data = config.dataDir();
        UpstreamFetchers all = new UpstreamFetchers(config.upstream().isEmpty() ? null
                : UpstreamState.open(UpstreamState.fileIn(data), clock));
        if (config.upstream().isEmpty()) {
            return all;
        }
        try {
            TrustManager[] trust = {serverTrust};
            for (UpstreamConfig account : config.upstream()) {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(keyManagers(account.clientKey(), data, pkiPasswordFile != null ? pkiPasswordFile
                        : config.tls().keystorePasswordFile()), trust, null);
                UpstreamFetcher fetcher = new UpstreamFetcher(account(account), ssl, all.state,
                        data.resolve("upstream").resolve("spool"), handler(account, queue, audit, queued),
                        listener(log));
                all.fetchers.add(fetcher);
                fetcher.start();
            }
            return all;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            all.close();
            throw e;
        }
    }

    private static UpstreamAccount account(UpstreamConfig c) {
        UpstreamCredentials credentials = switch (c.login()) {
            case UpstreamConfig.PasswordLogin p -> new UpstreamCredentials.Password(() -> firstLine(p.passwordFile()));
            case UpstreamConfig.CertificateLogin certificate -> new UpstreamCredentials.ClientCertificate();
            case UpstreamConfig.OAuthLogin o -> new UpstreamCredentials.XOAuth2(() -> {
                if (o.tokenFile() != null) {
                    return new String(firstLine(o.tokenFile()));
                }
                String token = System.getenv(o.tokenEnv());
                if (token == null || token.isBlank()) {
                    throw new IOException("the environment variable " + o.tokenEnv() + " holds no token");
                }
                return token.strip();
            });
        };
        return UpstreamAccount.of(c.name(), c.host(), c.port(), c.tls(), c.user(), credentials)
                .withFolder(c.folder()).withAfterAccept(c.afterAccept());
    }

    /** The client certificate's key managers, or null when the account presents none. */
    private static KeyManager[] keyManagers(UpstreamConfig.ClientKey key, Path data, Path pkiPasswordFile)
            throws IOException, GeneralSecurityException {
        return switch (key) {
            case null -> null;
            case UpstreamConfig.KeystoreFile file -> DeliverySetup.keyManagers(file.keystore(), file.passwordFile());
            case UpstreamConfig.DataIdentity identity -> {
                char[] password = Listeners.firstLine(pkiPasswordFile);
                try {
                    Identity loaded = new PkiStore(data).loadIdentity(identity.alias(), password);
                    KeyStore keys = KeyStore.getInstance("PKCS12");
                    keys.load(null, null);
                    keys.setKeyEntry("client", loaded.privateKey(), password,
                            loaded.chain().toArray(X509Certificate[]::new));
                    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
                    kmf.init(keys, password);
                    yield kmf.getKeyManagers();
                } catch (PkiException e) {
                    throw new GeneralSecurityException("client identity " + identity.alias() + ": "
                            + e.getMessage(), e);
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
        };
    }

    private static char[] firstLine(Path file) {
        try {
            return Listeners.firstLine(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static InboundHandler handler(UpstreamConfig account, MessageQueue queue, AuditJournal audit,
                                          Runnable queued) {
        List<EnvelopeRecipient> to = account.recipients().stream().map(EnvelopeRecipient::of).toList();
        String remote = "imap://" + account.host() + ":" + account.port();
        return new InboundHandler() {
            @Override
            public void accept(FetchedMessage message, InputStream content) throws IOException {
                String id;
                String sender;
                try (StagedBody staged = queue.stage(content)) {
                    try (InputStream in = staged.open()) {
                        sender = FetchedSender.of(in);
                    }
                    Envelope envelope = new Envelope(sender, to, null, null, BodyType.EIGHT_BIT_MIME, false, null,
                            remote, null);
                    id = queue.commitHandedOver(staged, envelope, message.idempotencyKey());
                }
                audit.record(new AuditEvent(AuditEvent.MESSAGE_ACCEPTED, AuditEvent.SUCCESS,
                        "upstream:" + account.name(), remote, message.messageId().map(m -> "<" + m + ">").orElse(null),
                        sender, account.recipients(),
                        "queue id " + id + ", fetched from " + account.folder() + " uid " + message.uid()));
                queued.run();
            }

            @Override
            public boolean hasAccepted(String idempotencyKey) {
                try {
                    return queue.hasAccepted(idempotencyKey);
                } catch (IOException e) {
                    return false;
                }
            }
        };
    }

    private static FetchListener listener(Consumer<String> log) {
        return new FetchListener() {
            @Override
            public void connected(UpstreamAccount account, long uidValidity) {
                log.accept(account + ": connected");
            }

            @Override
            public void failed(UpstreamAccount account, Exception cause, Duration retryIn) {
                log.accept(account + ": " + cause.getMessage() + " (retry in " + retryIn.toSeconds() + " s)");
            }
        };
    }

    /** How many accounts are fetched. */
    int size() {
        return fetchers.size();
    }

    @Override
    public void close() {
        for (UpstreamFetcher f : fetchers) {
            f.close();
        }
        if (state != null) {
            state.close();
        }
    }
}
