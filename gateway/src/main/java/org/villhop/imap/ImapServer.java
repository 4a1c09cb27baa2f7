package org.villhop.imap;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.villhop.store.MailboxStore;

/**
 * An IMAP listener (RFC 3501 with the RFC 9051 essentials) over a {@link MailboxStore}: one virtual thread per
 * connection. {@link TlsMode#STARTTLS} is the port 143 style (LOGINDISABLED until STARTTLS), {@link TlsMode#IMPLICIT}
 * the port 993 style. Authentication is only ever offered under TLS 1.2 or 1.3.
 */
public final class ImapServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ImapServer.class.getName());

    public enum TlsMode { STARTTLS, IMPLICIT }

    /** Everything a session needs; built by {@link Builder}. */
    record Settings(MailboxStore store, ImapAuthenticator authenticator, ImapAuditListener audit, SSLContext tls,
                    TlsMode mode, long maxMessageSize, Duration idleTimeout, Clock clock, Path spool) {
    }

    private final Settings settings;
    private final InetSocketAddress bind;
    private final LoginThrottle throttle;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Thread acceptor;

    private ImapServer(Settings settings, InetSocketAddress bind, LoginThrottle throttle) {
        this.settings = settings;
        this.bind = bind;
        this.throttle = throttle;
    }

    public static Builder builder(MailboxStore store, ImapAuthenticator authenticator, SSLContext tls) {
        return new Builder(store, authenticator, tls);
    }

    /** Binds and starts accepting; returns this server. */
    public ImapServer start() throws IOException {
        server = new ServerSocket();
        server.bind(bind, 1024);
        acceptor = Thread.ofVirtual().name("imap-accept-" + port()).start(this::acceptLoop);
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    public TlsMode mode() {
        return settings.mode();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.log(Level.WARNING, "IMAP accept failed: {0}", e.getMessage());
                }
                continue;
            }
            connections.add(socket);
            Thread.ofVirtual().name("imap-" + socket.getRemoteSocketAddress()).start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout((int) settings.idleTimeout().toMillis());
            socket.setTcpNoDelay(true);
            Socket active = socket;
            if (settings.mode() == TlsMode.IMPLICIT) {
                SSLSocket tls = (SSLSocket) settings.tls().getSocketFactory()
                        .createSocket(socket, null, socket.getPort(), true);
                ImapConnection.configure(tls);
                tls.startHandshake();
                active = tls;
            }
            new ImapSession(settings, new ImapConnection(active, settings.spool()), throttle).run();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "IMAP connection failed: {0}", e.getMessage());
        } finally {
            connections.remove(socket);
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing: {0}", e.getMessage());
            }
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Options of a listener, with secure defaults. */
    public static final class Builder {
        private final MailboxStore store;
        private final ImapAuthenticator authenticator;
        private final SSLContext tls;
        private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private TlsMode mode = TlsMode.STARTTLS;
        private ImapAuditListener audit = ImapAuditListener.NONE;
        private long maxMessageSize = 64L * 1024 * 1024;
        private Duration idleTimeout = Duration.ofMinutes(30);
        private Duration loginFailureDelay = Duration.ofSeconds(1);
        private Duration maxLoginFailureDelay = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private Path spool = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder(MailboxStore store, ImapAuthenticator authenticator, SSLContext tls) {
            this.store = Objects.requireNonNull(store);
            this.authenticator = Objects.requireNonNull(authenticator);
            this.tls = Objects.requireNonNull(tls, "the IMAP server needs a TLS context");
        }

        /** Address and port to listen on (port 0: any free port). Default: loopback, any port. */
        public Builder bind(InetSocketAddress address) {
            this.bind = address;
            return this;
        }

        public Builder mode(TlsMode value) {
            this.mode = value;
            return this;
        }

        public Builder audit(ImapAuditListener listener) {
            this.audit = listener;
            return this;
        }

        /** Largest APPEND accepted, in bytes (default 64 MiB). */
        public Builder maxMessageSize(long bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /** Inactivity after which a connection is closed (default 30 minutes, as RFC 3501 requires at least). */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        /** Delay after a failed login from an address, doubled per consecutive failure up to {@code max}. */
        public Builder loginFailureDelay(Duration first, Duration max) {
            this.loginFailureDelay = first;
            this.maxLoginFailureDelay = max;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Directory for large literals being received (default: the system temporary directory). */
        public Builder spool(Path directory) {
            this.spool = directory;
            return this;
        }

        public ImapServer build() {
            Settings settings = new Settings(store, authenticator, audit, tls, mode, maxMessageSize, idleTimeout,
                    clock, spool);
            return new ImapServer(settings, bind, new LoginThrottle(loginFailureDelay, maxLoginFailureDelay));
        }
    }
}
