package org.villhop.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * TLS in front of GreenMail's IMAP port, with a certificate for "localhost" from {@link TestTls}: the fetcher then talks
 * real TLS with host name checking to a real IMAP server. Implicit TLS, or STARTTLS: the proxy then answers the
 * clear-text part of the session itself (greeting, CAPABILITY with STARTTLS and LOGINDISABLED, STARTTLS) before
 * relaying the protected rest. {@link #dropAll} cuts every connection, as a network failure would.
 */
public final class TlsProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int backendPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final SSLContext server;
    private final boolean startTls;
    /** The subjects of the client certificates presented, in order (with {@link #requiringClientCertificates}). */
    public final List<String> clientCertificates = new CopyOnWriteArrayList<>();

    public TlsProxy(SSLContext server, int backendPort) throws IOException {
        this(server, backendPort, false, false);
    }

    TlsProxy(SSLContext server, int backendPort, boolean startTls) throws IOException {
        this(server, backendPort, startTls, false);
    }

    private TlsProxy(SSLContext server, int backendPort, boolean startTls, boolean needClientAuth)
            throws IOException {
        this.server = server;
        this.backendPort = backendPort;
        this.startTls = startTls;
        listener = startTls ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : server.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (needClientAuth) {
            ((javax.net.ssl.SSLServerSocket) listener).setNeedClientAuth(true);
        }
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /**
     * An implicit-TLS proxy that ends every handshake without a client certificate the {@code server} context's trust
     * managers accept.
     */
    public static TlsProxy requiringClientCertificates(SSLContext server, int backendPort) throws IOException {
        return new TlsProxy(server, backendPort, false, true);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket accepted = listener.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                open.add(accepted);
                open.add(backend);
                Thread.ofVirtual().start(() -> {
                    try {
                        Socket client = startTls ? upgrade(accepted, backend) : accepted;
                        if (client instanceof SSLSocket tls && tls.getNeedClientAuth()) {
                            tls.startHandshake();
                            clientCertificates.add(((java.security.cert.X509Certificate) tls.getSession()
                                    .getPeerCertificates()[0]).getSubjectX500Principal().getName());
                        }
                        open.add(client);
                        Thread.ofVirtual().start(() -> pump(backend, client));
                        pump(client, backend);
                    } catch (IOException e) {
                        closeQuietly(accepted);
                        closeQuietly(backend);
                    }
                });
            } catch (IOException e) {
                // listener closed, or one connection failed: the client sees it
            }
        }
    }

    /** The clear-text part of a STARTTLS session, then the server side of the TLS handshake. */
    private Socket upgrade(Socket client, Socket backend) throws IOException {
        readLine(backend.getInputStream()); // GreenMail's greeting: the client gets the proxy's
        OutputStream out = client.getOutputStream();
        out.write("* OK proxy ready\r\n".getBytes(StandardCharsets.US_ASCII));
        while (true) {
            String line = readLine(client.getInputStream());
            String[] words = line.split(" ", 2);
            String command = words.length > 1 ? words[1].toUpperCase(java.util.Locale.ROOT) : "";
            if (command.equals("CAPABILITY")) {
                out.write(("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n" + words[0] + " OK done\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            } else if (command.equals("STARTTLS")) {
                out.write((words[0] + " OK begin TLS\r\n").getBytes(StandardCharsets.US_ASCII));
                SSLSocket tls = (SSLSocket) server.getSocketFactory().createSocket(client, null, true);
                tls.setUseClientMode(false);
                tls.startHandshake();
                return tls;
            } else {
                out.write((words[0] + " BAD STARTTLS first\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Cuts every open connection. */
    void dropAll() {
        open.forEach(TlsProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        dropAll();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
