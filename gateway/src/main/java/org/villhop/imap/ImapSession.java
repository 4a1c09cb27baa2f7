package org.villhop.imap;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLException;

import org.villhop.store.MailboxNotFoundException;
import org.villhop.store.OverQuotaException;
import org.villhop.store.StoreException;

/**
 * One client connection, on its own virtual thread: reads commands, answers them, and keeps the selected mailbox's
 * view up to date. Any failure of one command ends that command with NO or BAD; only the connection's end ends the
 * session.
 */
final class ImapSession implements Runnable {

    private static final System.Logger LOG = System.getLogger(ImapSession.class.getName());
    /** Command names allowed after UID. */
    private static final Set<String> UID_COMMANDS = Set.of("FETCH", "STORE", "SEARCH", "COPY", "MOVE", "EXPUNGE");
    /** Commands during which expunges must not be reported (sequence numbers would shift, RFC 3501 7.4.1). */
    private static final Set<String> SEQUENCE_COMMANDS = Set.of("FETCH", "STORE", "SEARCH");

    private final ImapServer.Settings settings;
    private final ImapConnection connection;
    private final LoginThrottle throttle;
    private String user;
    private volatile SelectedMailbox selected;
    private AutoCloseable subscription;
    private boolean loggedOut;

    ImapSession(ImapServer.Settings settings, ImapConnection connection, LoginThrottle throttle) {
        this.settings = settings;
        this.connection = connection;
        this.throttle = throttle;
    }

    ImapServer.Settings settings() {
        return settings;
    }

    ImapConnection connection() {
        return connection;
    }

    String user() {
        return user;
    }

    SelectedMailbox selected() {
        if (selected == null) {
            throw ImapException.bad("no mailbox is selected");
        }
        return selected;
    }

    boolean hasSelected() {
        return selected != null;
    }

    void select(SelectedMailbox box) {
        this.selected = box;
    }

    void audit(ImapAuditEvent.Type type, String mailbox, String detail) {
        settings.audit().record(new ImapAuditEvent(settings.clock().instant(), type, user == null ? "" : user,
                connection.remoteAddress(), mailbox == null ? "" : mailbox, detail == null ? "" : detail));
    }

    @Override
    public void run() {
        try (connection) {
            connection.send("* OK [CAPABILITY " + capabilities() + "] villhop IMAP server ready");
            while (!loggedOut) {
                RawCommand command;
                try {
                    command = RawCommand.read(connection, settings.maxMessageSize());
                } catch (ImapException e) {
                    connection.send(e.response("*"));
                    continue;
                }
                if (command == null) {
                    return;
                }
                try (command) {
                    handle(command);
                }
            }
        } catch (SocketTimeoutException e) {
            sendQuietly("* BYE autologout: idle for too long");
        } catch (SSLException | SocketException e) {
            LOG.log(Level.DEBUG, "IMAP connection from {0} ended: {1}", connection.remoteAddress(), e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "IMAP connection from {0} failed: {1}", connection.remoteAddress(), e.getMessage());
        } finally {
            unsubscribe();
        }
    }

    private void sendQuietly(String line) {
        try {
            connection.send(line);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not say goodbye: {0}", e.getMessage());
        }
    }

    private void handle(RawCommand command) throws IOException {
        String tag = command.tag();
        if (command.failure() != null) {
            connection.send(command.failure().response(tag));
            return;
        }
        Args args = new Args(command);
        String name = "";
        connection.lock();
        try {
            String parsedTag = args.atom();
            if (parsedTag.equals("+") || parsedTag.equals("*")) {
                throw ImapException.bad("invalid tag");
            }
            args.space();
            name = args.upperAtom();
            boolean uid = name.equals("UID");
            if (uid) {
                args.space();
                name = args.upperAtom();
            }
            String completion = dispatch(tag, name, uid, args);
            syncSelected(uid || !SEQUENCE_COMMANDS.contains(name));
            if (completion != null) {
                connection.line(tag + " " + completion);
            }
        } catch (ImapException e) {
            connection.line(e.response(tag));
        } catch (MailboxNotFoundException e) {
            connection.line(tag + " NO [" + (name.equals("APPEND") || name.equals("COPY") || name.equals("MOVE")
                    ? "TRYCREATE" : "NONEXISTENT") + "] " + e.getMessage());
        } catch (OverQuotaException e) {
            connection.line(tag + " NO [OVERQUOTA] " + e.getMessage());
        } catch (StoreException e) {
            connection.line(tag + " NO " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "IMAP command " + name + " failed", e);
            connection.line(tag + " NO [SERVERBUG] internal error, the command was not completed");
        } finally {
            try {
                connection.flush();
            } finally {
                connection.unlock();
            }
        }
    }

    /** Runs a command and returns its tagged completion (without the tag), or null when already sent. */
    private String dispatch(String tag, String name, boolean uid, Args args) throws IOException {
        if (uid && !UID_COMMANDS.contains(name)) {
            throw ImapException.bad("UID " + name + " is not a command");
        }
        switch (name) {
            case "CAPABILITY" -> {
                args.end();
                connection.line("* CAPABILITY " + capabilities());
                return "OK CAPABILITY completed";
            }
            case "NOOP", "CHECK" -> {
                args.end();
                if (selected != null) {
                    selected.lookForNewMessages();
                }
                syncSelected(true);
                return "OK " + name + " completed";
            }
            case "LOGOUT" -> {
                args.end();
                connection.line("* BYE villhop IMAP server logging out");
                loggedOut = true;
                return "OK LOGOUT completed";
            }
            case "ID" -> {
                args.space();
                args.list();
                args.end();
                connection.line("* ID (\"name\" \"villhop\")");
                return "OK ID completed";
            }
            case "STARTTLS" -> {
                args.end();
                return startTls(tag);
            }
            case "LOGIN" -> {
                requireTlsNotAuthenticated();
                args.space();
                String login = args.astring();
                args.space();
                String password = args.astring();
                args.end();
                return login(login, password);
            }
            case "AUTHENTICATE" -> {
                requireTlsNotAuthenticated();
                return authenticate(args);
            }
            default -> {
                if (user == null) {
                    throw ImapException.bad(name + " needs an authenticated session (LOGIN first)");
                }
                return new MailboxCommands(this).dispatch(tag, name, uid, args);
            }
        }
    }

    private String capabilities() {
        StringBuilder caps = new StringBuilder("IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT UIDPLUS"
                + " MOVE CHILDREN SPECIAL-USE LIST-STATUS STATUS=SIZE ESEARCH");
        if (user == null) {
            if (!connection.secure()) {
                caps.append(" STARTTLS LOGINDISABLED");
            } else {
                caps.append(" AUTH=PLAIN");
            }
        }
        return caps.toString();
    }

    private String startTls(String tag) throws IOException {
        if (connection.secure()) {
            throw ImapException.bad("TLS is already active");
        }
        connection.line(tag + " OK Begin TLS negotiation now");
        connection.flush();
        connection.startTls(settings.tls());
        return null;
    }

    private void requireTlsNotAuthenticated() {
        if (user != null) {
            throw ImapException.bad("already authenticated");
        }
        if (!connection.secure()) {
            throw ImapException.no("PRIVACYREQUIRED", "LOGIN is disabled until STARTTLS has protected the connection");
        }
    }

    private String authenticate(Args args) throws IOException {
        args.space();
        String mechanism = args.upperAtom();
        if (!mechanism.equals("PLAIN")) {
            throw ImapException.no("CANNOT", "unsupported authentication mechanism " + mechanism);
        }
        String response;
        if (args.optionalSpace()) {
            response = args.atom();
            args.end();
        } else {
            connection.line("+ ");
            connection.flush();
            response = connection.readLine(RawCommand.MAX_LINE);
            if (response == null) {
                throw new SocketException("connection closed during AUTHENTICATE");
            }
        }
        if (response.equals("*")) {
            throw ImapException.bad("authentication cancelled");
        }
        String[] fields;
        try {
            fields = new String(Base64.getDecoder().decode(response.equals("=") ? "" : response.trim()),
                    StandardCharsets.UTF_8).split("\0", -1);
        } catch (IllegalArgumentException e) {
            throw ImapException.bad("the PLAIN response is not valid base64");
        }
        if (fields.length != 3) {
            throw ImapException.bad("the PLAIN response must be authzid NUL authcid NUL password");
        }
        if (!fields[0].isEmpty() && !fields[0].equals(fields[1])) {
            return login(fields[1], null);
        }
        return login(fields[1], fields[2]);
    }

    private String login(String name, String password) {
        Optional<String> account = password == null ? Optional.empty()
                : settings.authenticator().authenticate(name, password);
        String address = connection.remoteAddress();
        if (account.isEmpty()) {
            Duration delay = throttle.failed(address);
            settings.audit().record(new ImapAuditEvent(settings.clock().instant(), ImapAuditEvent.Type.LOGIN_FAILED,
                    name, address, "", "wrong user name or password"));
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw ImapException.no("AUTHENTICATIONFAILED", "authentication failed");
        }
        throttle.succeeded(address);
        user = account.get();
        settings.store().ensureUser(user);
        subscription = settings.store().listen(user, change -> {
            SelectedMailbox box = selected;
            if (box != null) {
                box.changed(change);
            }
        });
        audit(ImapAuditEvent.Type.LOGIN_SUCCEEDED, null, null);
        return "OK [CAPABILITY " + capabilities() + "] logged in as " + user;
    }

    void syncSelected(boolean allowExpunge) throws IOException {
        if (selected != null) {
            selected.sync(connection, allowExpunge);
        }
    }

    private void unsubscribe() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "unsubscribing: {0}", e.getMessage());
            }
        }
    }

}
