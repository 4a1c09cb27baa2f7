package org.villhop.imap;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** One client connection's bytes: CRLF lines, literals, a write lock (IDLE writes from another thread), TLS upgrade. */
final class ImapConnection implements AutoCloseable {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final int IN_MEMORY_LITERAL = 256 * 1024;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Path spool;

    ImapConnection(Socket socket, Path spool) throws IOException {
        this.spool = spool;
        attach(socket);
    }

    private void attach(Socket newSocket) throws IOException {
        socket = newSocket;
        in = new BufferedInputStream(newSocket.getInputStream(), 4 * 1024);
        out = new BufferedOutputStream(newSocket.getOutputStream(), 16 * 1024);
    }

    boolean secure() {
        return socket instanceof SSLSocket;
    }

    String remoteAddress() {
        return socket.getInetAddress().getHostAddress();
    }

    /** Wraps the connection in TLS as the server; buffered plaintext from before is discarded (RFC 3501 11.1). */
    void startTls(SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        configure(tls);
        tls.startHandshake();
        attach(tls);
    }

    /** Server side, TLS 1.3 and 1.2 only, and with TLS 1.2 only forward-secret AEAD suites (ECDHE with GCM/ChaCha20). */
    static void configure(SSLSocket tls) {
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(PROTOCOLS);
        tls.setEnabledCipherSuites(java.util.Arrays.stream(tls.getEnabledCipherSuites())
                .filter(ImapConnection::strong).toArray(String[]::new));
    }

    static boolean strong(String suite) {
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_");
        return aead && (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                || suite.startsWith("TLS_ECDHE_"));
    }

    /** A line without its CRLF, or null at the end of the stream. Lines over {@code max} bytes are refused. */
    String readLine(int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        boolean tooLong = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 && !tooLong ? null : finish(line, tooLong);
            }
            if (b == '\n') {
                return finish(line, tooLong);
            }
            if (line.size() >= max) {
                tooLong = true;
            } else {
                line.write(b);
            }
        }
    }

    private static String finish(ByteArrayOutputStream line, boolean tooLong) {
        if (tooLong) {
            throw ImapException.bad("command line too long");
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    Literal readLiteral(long size) throws IOException {
        if (size <= IN_MEMORY_LITERAL) {
            byte[] bytes = in.readNBytes((int) size);
            if (bytes.length < size) {
                throw new EOFException("connection closed inside a literal");
            }
            return new Literal(bytes, null, size);
        }
        Path file = Files.createTempFile(spool, "literal-", ".tmp");
        try (OutputStream target = Files.newOutputStream(file)) {
            copy(in, target, size);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Literal(null, file, size);
    }

    void skip(long size) throws IOException {
        copy(in, OutputStream.nullOutputStream(), size);
    }

    private static void copy(InputStream from, OutputStream to, long size) throws IOException {
        byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(size, 1))];
        long left = size;
        while (left > 0) {
            int n = from.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("connection closed inside a literal");
            }
            to.write(buffer, 0, n);
            left -= n;
        }
    }

    void lock() {
        writeLock.lock();
    }

    void unlock() {
        writeLock.unlock();
    }

    /** Writes a line and CRLF (buffered). */
    void line(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }

    void text(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    /** Copies exactly {@code size} bytes of {@code from}. */
    void stream(InputStream from, long size) throws IOException {
        copy(from, out, size);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Sends a complete line now, under the write lock. */
    void send(String text) throws IOException {
        lock();
        try {
            line(text);
            flush();
        } finally {
            unlock();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a broken connection: nothing left to tell the client.
            return;
        }
    }
}
