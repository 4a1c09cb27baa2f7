package org.villhop.delivery;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One SMTP client connection to one next hop, after greeting, EHLO and (when used) STARTTLS. Not thread-safe: one
 * transaction at a time; the pool hands it to one sender after another for connection reuse.
 */
final class SmtpConnection implements Closeable {
    private final Destination destination;
    private final SmtpClientSettings settings;
    private final Clock clock;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private SmtpReplyReader replies;
    private Map<String, String> extensions = Map.of();
    private boolean tls;
    private boolean broken;
    private boolean used;
    private Instant lastUsed;

    private SmtpConnection(Destination destination, SmtpClientSettings settings, Clock clock) {
        this.destination = destination;
        this.settings = settings;
        this.clock = clock;
    }

    /** Connects, reads the greeting, says EHLO and starts TLS as the destination's mode requires. */
    static SmtpConnection open(Destination destination, SmtpClientSettings settings, Clock clock)
            throws ConnectionFailure {
        SmtpConnection connection = new SmtpConnection(destination, settings, clock);
        try {
            connection.connect();
            connection.handshake();
            return connection;
        } catch (ConnectionFailure f) {
            connection.closeQuietly();
            throw f;
        } catch (IOException e) {
            connection.closeQuietly();
            throw new ConnectionFailure("4.4.2", "connection with " + destination + " failed: " + describe(e), null,
                    e);
        }
    }

    private void connect() throws IOException, ConnectionFailure {
        List<InetAddress> addresses = destination.addresses();
        if (addresses.isEmpty()) {
            try {
                addresses = Arrays.asList(InetAddress.getAllByName(destination.host()));
            } catch (IOException e) {
                throw new ConnectionFailure("4.4.4", "cannot resolve host " + destination.host() + ": " + describe(e));
            }
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket candidate = new Socket();
            try {
                candidate.connect(new InetSocketAddress(address, destination.port()),
                        millis(settings.connectTimeout()));
                candidate.setSoTimeout(millis(settings.commandTimeout()));
                attach(candidate);
                return;
            } catch (IOException e) {
                candidate.close();
                last = e;
            }
        }
        throw new ConnectionFailure("4.4.1", "no connection to " + destination + ": "
                + (last == null ? "no address" : describe(last)), null, last);
    }

    private void handshake() throws IOException, ConnectionFailure {
        if (destination.tls() == TlsMode.IMPLICIT_VERIFY) {
            startTls();
        }
        SmtpReply greeting = replies.read();
        if (greeting.code() != 220) {
            throw new ConnectionFailure(greeting.isPermanent() ? "5.0.0" : "4.0.0",
                    destination.host() + " refused the session: " + greeting.oneLine(), greeting, null);
        }
        ehlo();
        if (tls) {
            return;
        }
        boolean offered = extensions.containsKey("STARTTLS");
        if (!offered && destination.tls().requiresTls()) {
            quitQuietly();
            throw new ConnectionFailure("4.7.5", destination.host() + " does not offer STARTTLS and TLS is required "
                    + "(" + destination.tls().configName() + "); nothing was sent in clear text");
        }
        if (offered) {
            SmtpReply reply = command("STARTTLS");
            if (reply.code() != 220) {
                if (destination.tls().requiresTls()) {
                    quitQuietly();
                    throw new ConnectionFailure("4.7.5", destination.host() + " refused STARTTLS: " + reply.oneLine()
                            + "; nothing was sent in clear text", reply, null);
                }
                return;
            }
            if (in.available() > 0) {
                throw new ConnectionFailure("4.7.5", destination.host()
                        + " sent data before the TLS handshake (STARTTLS injection); connection dropped");
            }
            startTls();
            ehlo();
        }
    }

    private void startTls() throws ConnectionFailure {
        try {
            SSLSocket ssl = (SSLSocket) settings.tlsFor(destination).contextFor(destination.tls()).getSocketFactory()
                    .createSocket(socket, destination.host(), destination.port(), true);
            ssl.setUseClientMode(true);
            SSLParameters params = ssl.getSSLParameters();
            params.setProtocols(settings.protocols().toArray(String[]::new));
            if (!settings.cipherSuites().isEmpty()) {
                params.setCipherSuites(settings.cipherSuites().toArray(String[]::new));
            }
            if (destination.tls().verifiesPeer()) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!Character.isDigit(destination.host().charAt(0)) && destination.host().indexOf(':') < 0) {
                params.setServerNames(List.of(new SNIHostName(destination.host())));
            }
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            attach(ssl);
            tls = true;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectionFailure("4.7.5", "TLS with " + destination + " failed: " + describe(e)
                    + "; nothing was sent in clear text", null, e);
        }
    }

    private void ehlo() throws IOException, ConnectionFailure {
        SmtpReply reply = command("EHLO " + settings.heloName());
        if (!reply.isPositive()) {
            throw new ConnectionFailure(reply.isPermanent() ? "5.5.1" : "4.5.1",
                    destination.host() + " refused EHLO: " + reply.oneLine(), reply, null);
        }
        Map<String, String> found = new HashMap<>();
        for (String line : reply.lines().subList(1, reply.lines().size())) {
            String[] parts = line.strip().split("\\s+", 2);
            found.put(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
        }
        extensions = Map.copyOf(found);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = new BufferedOutputStream(s.getOutputStream(), 65536);
        replies = new SmtpReplyReader(in);
    }

    /** Sends one command line and reads its reply. */
    SmtpReply command(String line) throws IOException {
        write(line);
        out.flush();
        return replies.read();
    }

    /** Writes one command line without flushing (pipelining). */
    void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void flush() throws IOException {
        out.flush();
    }

    SmtpReply readReply() throws IOException {
        return replies.read();
    }

    /** Reads the reply to the end of DATA, waiting up to the data timeout. */
    SmtpReply readDataReply() throws IOException {
        socket.setSoTimeout(millis(settings.dataTimeout()));
        try {
            return replies.read();
        } finally {
            socket.setSoTimeout(millis(settings.commandTimeout()));
        }
    }

    OutputStream rawOutput() {
        return out;
    }

    boolean supports(String extension) {
        return extensions.containsKey(extension);
    }

    /** The SIZE limit the peer announced, or 0 when none (or "SIZE 0": no fixed limit). */
    long sizeLimit() {
        String value = extensions.get("SIZE");
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    boolean isTls() {
        return tls;
    }

    Destination destination() {
        return destination;
    }

    /** Before a second transaction: RSET, which also proves the connection is still alive. */
    boolean prepareForReuse() {
        if (broken || !used) {
            return !broken;
        }
        try {
            if (command("RSET").isPositive()) {
                return true;
            }
        } catch (IOException e) {
            broken = true;
        }
        return false;
    }

    void markUsed() {
        used = true;
        lastUsed = clock.instant();
    }

    void markBroken() {
        broken = true;
    }

    boolean isReusable() {
        return !broken && !socket.isClosed();
    }

    boolean idleLongerThan(Duration limit, Instant now) {
        return lastUsed != null && Duration.between(lastUsed, now).compareTo(limit) > 0;
    }

    /** Says QUIT (politely, ignoring failures) and closes. */
    @Override
    public void close() {
        if (!broken) {
            quitQuietly();
        }
        closeQuietly();
    }

    private void quitQuietly() {
        try {
            socket.setSoTimeout(5_000);
            command("QUIT");
        } catch (IOException | RuntimeException e) {
            broken = true;
        }
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                // An SSLSocket's close may wait for the peer's close_notify as long as the read timeout allows.
                socket.setSoTimeout(500);
                socket.close();
            } catch (IOException e) {
                broken = true;
            }
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof SocketException || message == null) {
            return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())
                ? message + " (" + cause.getMessage() + ")" : message;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
