package org.villhop.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.villhop.smtp.SmtpServerOptions.TlsMode;

/**
 * An SMTP listener: one virtual thread accepts, one virtual thread per connection serves it ({@link SmtpSession}).
 *
 * <pre>{@code
 * SmtpServer mx = new SmtpServer(SmtpServerOptions.builder().name("mx").port(2525)
 *         .tls(TlsMode.STARTTLS, TlsSettings.defaults(sslContext, ClientAuth.WANT)).build(), handler);
 * mx.start();            // binds; mx.port() tells the port when 0 was asked
 * ...
 * mx.close();            // stops accepting, closes open connections
 * }</pre>
 */
public final class SmtpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SmtpServer.class.getName());
    private final SmtpServerOptions options;
    private final SmtpHandler handler;
    private final ConnectionLimiter limiter;
    private final AuthThrottle throttle;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private ServerSocket listener;
    private Thread acceptor;

    public SmtpServer(SmtpServerOptions options, SmtpHandler handler) {
        this.options = options;
        this.handler = handler;
        this.limiter = new ConnectionLimiter(options.maxConnections(), options.maxConnectionsPerIp());
        this.throttle = new AuthThrottle(options.authLimits(), options.clock());
    }

    /** Binds the port and starts accepting. */
    public synchronized void start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("listener " + options.name() + " already started");
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(options.bindAddress(), options.port()), 256);
        listener = socket;
        acceptor = Thread.ofVirtual().name("smtp-" + options.name() + "-accept").start(this::acceptLoop);
    }

    /** The bound port (useful when the options asked for port 0). */
    public int port() {
        if (listener == null) {
            throw new IllegalStateException("listener " + options.name() + " is not started");
        }
        return listener.getLocalPort();
    }

    public SmtpServerOptions options() {
        return options;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "listener " + options.name() + ": accept failed", e);
                continue;
            }
            connections.submit(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        InetAddress ip = client.getInetAddress();
        Reply refusal = limiter.acquire(ip);
        try {
            Socket socket = client;
            if (options.tlsMode() == TlsMode.IMPLICIT) {
                SSLSocket ssl = (SSLSocket) options.tls().context().getSocketFactory()
                        .createSocket(client, ip.getHostAddress(), client.getPort(), true);
                options.tls().apply(ssl);
                socket = ssl;
            }
            new SmtpSession(socket, options, handler, throttle).run(refusal);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "listener {0}: connection from {1} failed: {2}", options.name(), ip, e);
            try {
                client.close();
            } catch (IOException ignored) {
                // gone already
            }
        } finally {
            if (refusal == null) {
                limiter.release(ip);
            }
        }
    }

    /** Stops accepting and closes every connection (in-flight messages not yet acknowledged are not accepted). */
    @Override
    public void close() throws IOException {
        ServerSocket socket;
        synchronized (this) {
            socket = listener;
        }
        if (socket != null) {
            socket.close();
        }
        connections.shutdownNow();
        try {
            if (acceptor != null) {
                acceptor.join(5000);
            }
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
