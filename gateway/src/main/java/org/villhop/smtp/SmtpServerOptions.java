package org.villhop.smtp;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a listener needs apart from its handler. Build with {@link #builder()}; every limit has a safe default.
 *
 * @param name                 the listener's name in logs and {@link SessionInfo} ({@code mx}, {@code submission})
 * @param hostname             the name in the greeting, EHLO reply and Received header
 * @param bindAddress          the local address (loopback by default)
 * @param port                 the port; 0 lets the system choose ({@link SmtpServer#port()} tells which)
 * @param tlsMode              STARTTLS offered, implicit TLS from the first byte, or no TLS at all
 * @param tls                  TLS settings; required unless {@code tlsMode} is {@link TlsMode#NONE}
 * @param authEnabled          AUTH PLAIN/LOGIN offered (always only after TLS)
 * @param authRequired         MAIL FROM refused (530 5.7.0) before AUTH (a submission port)
 * @param maxMessageSize       bytes of message data; announced in SIZE and enforced while reading
 * @param maxRecipients        RCPT TO per message; more get 452 4.5.3
 * @param maxLineLength        octets of a command line, CRLF included
 * @param commandTimeout       idle time allowed while waiting for a command
 * @param dataTimeout          idle time allowed while receiving message data
 * @param maxConnections       connections at once on this listener
 * @param maxConnectionsPerIp  connections at once from one IP address
 * @param authLimits           delays and lockouts after failed AUTH attempts
 * @param maxErrors            protocol errors in one session before it is closed
 * @param clock                time for Received headers and AUTH throttling
 */
public record SmtpServerOptions(String name, String hostname, InetAddress bindAddress, int port, TlsMode tlsMode,
                                TlsSettings tls, boolean authEnabled, boolean authRequired, long maxMessageSize,
                                int maxRecipients, int maxLineLength, Duration commandTimeout, Duration dataTimeout,
                                int maxConnections, int maxConnectionsPerIp, AuthLimits authLimits,
                                int maxErrors, Clock clock) {

    /** How TLS starts on a listener. */
    public enum TlsMode {
        /** Clear text until the client sends STARTTLS (ports 25, 587). */
        STARTTLS,
        /** TLS from the first byte (port 465). */
        IMPLICIT,
        /** No TLS (and therefore no AUTH): only for tests and trusted internal links. */
        NONE
    }

    public SmtpServerOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(authLimits, "authLimits");
        if (tlsMode != TlsMode.NONE && tls == null) {
            throw new IllegalArgumentException("listener " + name + ": TLS mode " + tlsMode + " needs TLS settings");
        }
        if (maxMessageSize < 1024 || maxRecipients < 1 || maxLineLength < 512 || maxConnections < 1
                || maxConnectionsPerIp < 1 || maxErrors < 1) {
            throw new IllegalArgumentException("listener " + name + ": a limit is below its minimum");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listener " + name + ": port " + port + " out of range");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds options; defaults: loopback, port 0, STARTTLS, AUTH offered, 50 MB, 100 recipients, … */
    public static final class Builder {
        private String name = "smtp";
        private String hostname = "localhost";
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private TlsMode tlsMode = TlsMode.STARTTLS;
        private TlsSettings tls;
        private boolean authEnabled = true;
        private boolean authRequired;
        private long maxMessageSize = 50L * 1024 * 1024;
        private int maxRecipients = 100;
        private int maxLineLength = 2048;
        private Duration commandTimeout = Duration.ofMinutes(5);
        private Duration dataTimeout = Duration.ofMinutes(3);
        private int maxConnections = 500;
        private int maxConnectionsPerIp = 20;
        private AuthLimits authLimits = AuthLimits.defaults();
        private int maxErrors = 20;
        private Clock clock = Clock.systemUTC();

        public Builder name(String v) { name = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder bindAddress(InetAddress v) { bindAddress = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder tls(TlsMode mode, TlsSettings settings) { tlsMode = mode; tls = settings; return this; }
        public Builder noTls() { tlsMode = TlsMode.NONE; tls = null; return this; }
        public Builder authEnabled(boolean v) { authEnabled = v; return this; }
        public Builder authRequired(boolean v) { authRequired = v; return this; }
        public Builder maxMessageSize(long v) { maxMessageSize = v; return this; }
        public Builder maxRecipients(int v) { maxRecipients = v; return this; }
        public Builder maxLineLength(int v) { maxLineLength = v; return this; }
        public Builder commandTimeout(Duration v) { commandTimeout = v; return this; }
        public Builder dataTimeout(Duration v) { dataTimeout = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxConnectionsPerIp(int v) { maxConnectionsPerIp = v; return this; }
        public Builder authLimits(AuthLimits v) { authLimits = v; return this; }
        public Builder maxErrors(int v) { maxErrors = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public SmtpServerOptions build() {
            return new SmtpServerOptions(name, hostname, bindAddress, port, tlsMode, tls, authEnabled, authRequired,
                    maxMessageSize, maxRecipients, maxLineLength, commandTimeout, dataTimeout, maxConnections,
                    maxConnectionsPerIp, authLimits, maxErrors, clock);
        }
    }
}
