package org.villhop.smtp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.villhop.queue.EnvelopeRecipient;
import org.villhop.smtp.SmtpServerOptions.TlsMode;

/**
 * One SMTP connection, run on its own virtual thread: reads commands, checks their syntax and order, enforces the
 * limits, and asks the {@link SmtpHandler} for every decision.
 */
final class SmtpSession {
    private static final System.Logger LOG = System.getLogger(SmtpSession.class.getName());
    private final SmtpServerOptions options;
    private final SmtpHandler handler;
    private final AuthThrottle throttle;
    private final InetSocketAddress remote;
    private Socket socket;
    private SmtpInput in;
    private OutputStream out;
    private String helo;
    private boolean esmtp;
    private SessionInfo.Tls tls;
    private String user;
    private MailFrom mail;
    private final List<EnvelopeRecipient> recipients = new ArrayList<>();
    private int errors;

    SmtpSession(Socket socket, SmtpServerOptions options, SmtpHandler handler, AuthThrottle throttle) {
        this.socket = socket;
        this.options = options;
        this.handler = handler;
        this.throttle = throttle;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    /** Serves the connection to its end; {@code refusal}, when not null, is sent instead of the greeting. */
    void run(Reply refusal) {
        try {
            socket.setSoTimeout((int) options.commandTimeout().toMillis());
            if (options.tlsMode() == TlsMode.IMPLICIT) {
                handshake((SSLSocket) socket);
            }
            streams();
            if (refusal != null) {
                send(refusal);
                out.flush();
                return;
            }
            send(Reply.of(220, null, options.hostname() + " ESMTP villhop ready"));
            boolean open = true;
            while (open) {
                String line = readCommand();
                open = line == null || dispatch(line);
            }
            out.flush();
        } catch (SocketTimeoutException e) {
            sendQuietly(Reply.of(421, "4.4.2", options.hostname() + " timeout exceeded, closing connection"));
        } catch (EOFException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: client {1} closed the connection", options.name(), remote);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: connection from {1} failed: {2}", options.name(), remote, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "internal error in SMTP session from " + remote, e);
            sendQuietly(Reply.of(421, "4.3.0", "internal error, closing connection"));
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    /** The next command line, or null after a too-long line (already answered). */
    private String readCommand() throws IOException {
        if (in.available() == 0) {
            out.flush();
        }
        try {
            return in.readLine(options.maxLineLength());
        } catch (SmtpInput.LineTooLongException e) {
            error(Reply.of(500, "5.5.2", "line too long (at most " + options.maxLineLength() + " octets)"));
            return null;
        }
    }

    /** Handles one command; false when the session must end. */
    private boolean dispatch(String line) throws IOException {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String arg = space < 0 ? null : line.substring(space + 1).trim();
        try {
            switch (verb) {
                case "EHLO", "HELO" -> hello(verb.equals("EHLO"), arg);
                case "STARTTLS" -> startTls(arg);
                case "AUTH" -> auth(arg);
                case "MAIL" -> mail(arg);
                case "RCPT" -> rcpt(arg);
                case "DATA" -> data(arg);
                case "RSET" -> {
                    noArgument(arg, verb);
                    resetTransaction();
                    send(Reply.ok("reset"));
                }
                case "NOOP" -> send(Reply.ok("OK"));
                case "QUIT" -> {
                    send(Reply.of(221, "2.0.0", options.hostname() + " closing connection"));
                    return false;
                }
                case "VRFY" -> send(Reply.of(252, "2.5.0", "cannot VRFY user, but will accept message and attempt "
                        + "delivery"));
                case "HELP" -> send(Reply.of(214, "2.0.0", "commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET "
                        + "NOOP QUIT VRFY"));
                case "" -> error(Reply.of(500, "5.5.2", "empty command line"));
                case "EXPN", "BDAT", "TURN", "ETRN" -> error(Reply.of(502, "5.5.1", verb + " is not implemented"));
                default -> error(Reply.of(500, "5.5.2", "command not recognized: "
                        + (verb.length() > 20 ? verb.substring(0, 20) + "..." : verb)));
            }
        } catch (SyntaxError e) {
            error(e.reply());
        }
        return errors <= options.maxErrors() || tooManyErrors();
    }

    private boolean tooManyErrors() throws IOException {
        send(Reply.of(421, "4.7.0", "too many errors (" + options.maxErrors() + "), closing connection"));
        return false;
    }

    private void hello(boolean extended, String arg) throws IOException, SyntaxError {
        if (arg == null || arg.isEmpty() || arg.contains(" ")) {
            throw new SyntaxError(501, "5.5.4", (extended ? "EHLO" : "HELO") + " needs one domain or address literal");
        }
        resetTransaction();
        helo = arg;
        esmtp = extended;
        if (!extended) {
            send(Reply.of(250, null, options.hostname()));
            return;
        }
        List<String> lines = new ArrayList<>(List.of(options.hostname() + " greets " + arg, "PIPELINING",
                "SIZE " + options.maxMessageSize(), "8BITMIME", "ENHANCEDSTATUSCODES", "DSN", "SMTPUTF8"));
        if (options.tlsMode() == TlsMode.STARTTLS && tls == null) {
            lines.add("STARTTLS");
        }
        if (options.authEnabled() && tls != null && user == null) {
            lines.add("AUTH PLAIN LOGIN");
        }
        send(new Reply(250, null, lines));
    }

    private void startTls(String arg) throws IOException, SyntaxError {
        if (options.tlsMode() != TlsMode.STARTTLS) {
            throw new SyntaxError(502, "5.5.1", "STARTTLS is not offered on this listener");
        }
        if (tls != null) {
            throw new SyntaxError(503, "5.5.1", "TLS is already active");
        }
        noArgument(arg, "STARTTLS");
        send(Reply.of(220, "2.0.0", "ready to start TLS"));
        out.flush();
        SSLSocket ssl = (SSLSocket) options.tls().context().getSocketFactory()
                .createSocket(socket, remote.getHostString(), remote.getPort(), true);
        options.tls().apply(ssl);
        socket = ssl;
        handshake(ssl);
        streams();
        helo = null;
        esmtp = false;
        user = null;
        resetTransaction();
    }

    private void auth(String arg) throws IOException, SyntaxError {
        if (tls == null) {
            throw new SyntaxError(530, "5.7.0", "must issue a STARTTLS command first");
        }
        if (!options.authEnabled()) {
            throw new SyntaxError(502, "5.5.1", "AUTH is not offered on this listener");
        }
        if (helo == null || user != null || mail != null) {
            throw new SyntaxError(503, "5.5.1", helo == null ? "send EHLO first" : user != null
                    ? "already authenticated" : "AUTH is not allowed during a mail transaction");
        }
        String ip = remote.getAddress().getHostAddress();
        AuthExchange.Credentials credentials = AuthExchange.run(arg, prompt -> {
            send(Reply.of(334, null, prompt));
            out.flush();
            return in.readLine(options.maxLineLength());
        });
        String name = credentials.username();
        boolean ok;
        try {
            String locked = throttle.refusal(ip, name);
            if (locked != null) {
                throw new SyntaxError(454, "4.7.0", locked);
            }
            ok = handler.authenticate(info(), name, credentials.password());
        } finally {
            credentials.clear();
        }
        if (ok) {
            throttle.succeeded(ip, name);
            user = name;
            send(Reply.of(235, "2.7.0", "authentication successful"));
        } else {
            pause(throttle.failed(ip, name));
            throw new SyntaxError(535, "5.7.8", "authentication credentials invalid");
        }
    }

    /** The growing delay before answering a failed AUTH (this connection's virtual thread only). */
    private static void pause(Duration delay) throws IOException {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while delaying a failed AUTH");
        }
    }

    private void mail(String arg) throws IOException, SyntaxError {
        if (helo == null) {
            throw new SyntaxError(503, "5.5.1", "send EHLO or HELO first");
        }
        if (mail != null) {
            throw new SyntaxError(503, "5.5.1", "nested MAIL command (send RSET first)");
        }
        MailFrom parsed = CommandSyntax.mailFrom(arg);
        if (options.authRequired() && user == null) {
            refuse(parsed, List.of(), Reply.of(530, "5.7.0", "authentication required"));
            return;
        }
        if (parsed.declaredSize() > options.maxMessageSize()) {
            refuse(parsed, List.of(), Reply.of(552, "5.3.4", "message size exceeds the maximum of "
                    + options.maxMessageSize() + " octets"));
            return;
        }
        Reply reply = handler.mailFrom(info(), parsed);
        if (reply.positive()) {
            mail = parsed;
        }
        send(reply);
    }

    private void rcpt(String arg) throws IOException, SyntaxError {
        if (mail == null) {
            throw new SyntaxError(503, "5.5.1", "need MAIL before RCPT");
        }
        EnvelopeRecipient recipient = CommandSyntax.rcptTo(arg, mail.smtpUtf8());
        if (recipients.size() >= options.maxRecipients()) {
            Reply tooMany = Reply.of(452, "4.5.3", "too many recipients (at most " + options.maxRecipients()
                    + " per message)");
            handler.refused(info(), mail, List.of(recipient), tooMany);
            send(tooMany);
            return;
        }
        Reply reply = handler.rcptTo(info(), mail, recipient);
        if (reply.positive()) {
            recipients.add(recipient);
        }
        send(reply);
    }

    private void data(String arg) throws IOException, SyntaxError {
        noArgument(arg, "DATA");
        if (mail == null) {
            throw new SyntaxError(503, "5.5.1", "need MAIL before DATA");
        }
        if (recipients.isEmpty()) {
            throw new SyntaxError(554, "5.5.1", "no valid recipients");
        }
        send(Reply.of(354, null, "end data with <CR><LF>.<CR><LF>"));
        out.flush();
        socket.setSoTimeout((int) options.dataTimeout().toMillis());
        Transaction transaction = new Transaction(mail, recipients);
        SessionInfo info = info();
        String received = ReceivedHeader.of(info, options.hostname(), esmtp, mail.smtpUtf8(),
                recipients.size() == 1 ? recipients.get(0).address() : null, ZonedDateTime.now(options.clock()));
        DataStream data = new DataStream(in, options.maxMessageSize());
        InputStream message = new SequenceInputStream(
                new ByteArrayInputStream(received.getBytes(StandardCharsets.UTF_8)), data);
        Reply reply;
        try {
            reply = handler.data(info, transaction, message);
            if (!data.ended()) {
                data.drain();
            }
        } catch (IOException | RuntimeException e) {
            data.drain();
            reply = failedData(data, e);
            handler.refused(info, mail, transaction.recipients(), reply);
        } finally {
            resetTransaction();
        }
        socket.setSoTimeout((int) options.commandTimeout().toMillis());
        send(reply);
    }

    private Reply failedData(DataStream data, Exception e) {
        if (data.oversize()) {
            return Reply.of(552, "5.3.4", "message exceeds the maximum size of " + options.maxMessageSize()
                    + " octets");
        }
        if (data.bareLineEnding()) {
            return Reply.of(550, "5.6.0", "message contains a bare CR or LF; lines must end with CRLF "
                    + "(RFC 5321 section 2.3.8)");
        }
        LOG.log(System.Logger.Level.WARNING, "cannot store message from " + remote, e);
        return Reply.of(451, "4.3.0", "cannot store the message now, try again later");
    }

    /** Refuses a MAIL FROM (an error: it counts towards the limit) and tells the handler. */
    private void refuse(MailFrom parsed, List<EnvelopeRecipient> concerned, Reply reply) throws IOException {
        handler.refused(info(), parsed, concerned, reply);
        error(reply);
    }

    private void error(Reply reply) throws IOException {
        if (reply.code() >= 500) {
            errors++;
        }
        send(reply);
    }

    private static void noArgument(String arg, String verb) throws SyntaxError {
        if (arg != null && !arg.isEmpty()) {
            throw new SyntaxError(501, "5.5.4", verb + " takes no argument");
        }
    }

    private void resetTransaction() {
        mail = null;
        recipients.clear();
    }

    private SessionInfo info() {
        return new SessionInfo(options.name(), remote, helo, tls, user);
    }

    private void handshake(SSLSocket ssl) throws IOException {
        ssl.startHandshake();
        SSLSession session = ssl.getSession();
        List<X509Certificate> peer = List.of();
        try {
            Certificate[] chain = session.getPeerCertificates();
            peer = Arrays.stream(chain).filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException none) {
            // the client presented no certificate (allowed unless the listener needs one)
        }
        tls = new SessionInfo.Tls(session.getProtocol(), session.getCipherSuite(), peer);
    }

    private void streams() throws IOException {
        in = new SmtpInput(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    private void send(Reply reply) throws IOException {
        out.write(reply.wire().getBytes(StandardCharsets.UTF_8));
    }

    private void sendQuietly(Reply reply) {
        try {
            if (out != null) {
                send(reply);
                out.flush();
            }
        } catch (IOException ignored) {
            // the peer is gone; nothing more to tell it
        }
    }
}
