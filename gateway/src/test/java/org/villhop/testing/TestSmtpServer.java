package org.villhop.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A programmable SMTP server for tests, on a real socket: STARTTLS with a test certificate (client certificate
 * requested), DSN/PIPELINING/SIZE announced on demand, chosen replies to RCPT and DATA, dropped connections, slow
 * replies. Records every command and every received message. Shared by the delivery and gateway tests.
 */
public final class TestSmtpServer implements java.io.Closeable {
    /** A message as received: the envelope command lines, the content (dot-stuffing removed), the TLS state. */
    public record Received(String mailFrom, List<String> rcptTo, byte[] content, boolean tls, String clientCertificate) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    public volatile SSLContext tls;
    public volatile boolean implicitTls;
    public volatile boolean dsn = true;
    public volatile boolean pipelining = true;
    public volatile long sizeLimit;
    public volatile Function<String, String> rcptReply = address -> "250 2.1.5 ok";
    public volatile String dataReply = "250 2.0.0 queued as 1";
    public volatile boolean dropAfterMail;
    public volatile boolean closeAfterMessage;
    public volatile boolean smtpUtf8;
    public volatile Duration dataReplyDelay = Duration.ZERO;
    /** Called with each message as it is recorded, before the final reply is sent (tests time arrivals with it). */
    public volatile java.util.function.Consumer<Received> onReceived = r -> { };

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final List<String> commands = new CopyOnWriteArrayList<>();
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger active = new AtomicInteger();
    public final AtomicInteger maxActive = new AtomicInteger();

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public TestSmtpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> session(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket plain) {
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        Socket socket = plain;
        try {
            if (implicitTls) {
                socket = startTls(socket);
            }
            Conversation c = new Conversation(socket);
            c.reply("220 test.example ESMTP ready");
            String from = null;
            List<String> rcpts = new ArrayList<>();
            while (true) {
                String line = c.line();
                if (line == null) {
                    return;
                }
                commands.add(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> c.reply(ehlo(c.tls));
                    case "STAR" -> {
                        if (tls == null || c.tls) {
                            c.reply("502 5.5.1 not available");
                        } else {
                            c.reply("220 2.0.0 go ahead");
                            socket = startTls(socket);
                            c = new Conversation(socket);
                        }
                    }
                    case "MAIL" -> {
                        if (dropAfterMail) {
                            socket.close();
                            return;
                        }
                        from = line;
                        rcpts.clear();
                        c.reply("250 2.1.0 ok");
                    }
                    case "RCPT" -> {
                        String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        String reply = rcptReply.apply(address);
                        if (reply.startsWith("2")) {
                            rcpts.add(line);
                        }
                        c.reply(reply);
                    }
                    case "DATA" -> {
                        if (rcpts.isEmpty()) {
                            c.reply("554 5.5.1 no valid recipients");
                            continue;
                        }
                        c.reply("354 end with .");
                        byte[] content = c.data();
                        if (!dataReplyDelay.isZero()) {
                            Thread.sleep(dataReplyDelay);
                        }
                        if (dataReply.startsWith("2")) {
                            Received got = new Received(from, List.copyOf(rcpts), content, c.tls, c.peerName());
                            received.add(got);
                            onReceived.accept(got);
                        }
                        c.reply(dataReply);
                        if (closeAfterMessage) {
                            return;
                        }
                        from = null;
                        rcpts.clear();
                    }
                    case "RSET" -> {
                        from = null;
                        rcpts.clear();
                        c.reply("250 2.0.0 ok");
                    }
                    case "QUIT" -> {
                        c.reply("221 2.0.0 bye");
                        return;
                    }
                    default -> c.reply("500 5.5.2 unknown command");
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went away or the test ended: nothing to do.
        } finally {
            active.decrementAndGet();
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private String ehlo(boolean secure) {
        List<String> lines = new ArrayList<>(List.of("test.example greets you"));
        if (pipelining) {
            lines.add("PIPELINING");
        }
        lines.add(sizeLimit > 0 ? "SIZE " + sizeLimit : "SIZE");
        if (dsn) {
            lines.add("DSN");
        }
        lines.add("8BITMIME");
        if (smtpUtf8) {
            lines.add("SMTPUTF8");
        }
        if (tls != null && !secure) {
            lines.add("STARTTLS");
        }
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            reply.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i));
            if (i < lines.size() - 1) {
                reply.append("\r\n");
            }
        }
        return reply.toString();
    }

    private Socket startTls(Socket socket) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.setWantClientAuth(true);
        ssl.startHandshake();
        return ssl;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads command lines and message data, writes replies. */
    private static final class Conversation {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        final boolean tls;

        Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            this.tls = socket instanceof SSLSocket;
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    return null;
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        byte[] data() throws IOException {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                String line = line();
                if (line == null) {
                    throw new IOException("connection closed during DATA");
                }
                if (line.equals(".")) {
                    return content.toByteArray();
                }
                content.writeBytes((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.UTF_8));
                content.writeBytes(new byte[] {'\r', '\n'});
            }
        }

        void reply(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String peerName() {
            if (socket instanceof SSLSocket ssl) {
                try {
                    return ((X509Certificate) ssl.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                            .getName();
                } catch (IOException e) {
                    return null;
                }
            }
            return null;
        }
    }
}
