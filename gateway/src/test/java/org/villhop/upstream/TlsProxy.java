package org.villhop.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

/**
 * Implicit TLS in front of GreenMail's IMAP port, with a certificate for "localhost" from {@link TestTls}: the fetcher
 * then talks real TLS with host name checking to a real IMAP server. {@link #dropAll} cuts every connection, as a
 * network failure would.
 */
final class TlsProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int backendPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    TlsProxy(SSLContext server, int backendPort) throws IOException {
        this.backendPort = backendPort;
        listener = server.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                open.add(client);
                open.add(backend);
                Thread.ofVirtual().start(() -> pump(client, backend));
                Thread.ofVirtual().start(() -> pump(backend, client));
            } catch (IOException e) {
                // listener closed, or one connection failed: the client sees it
            }
        }
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
