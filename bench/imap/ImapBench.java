// The scripted IMAP workload of issue 5, measured against villhop's IMAP server (started in this process over a
// throw-away mailbox store) or against any IMAP server given with --connect (for example Dovecot, for comparison).
// Run through ./run (which builds villhop and sets the class path).
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.villhop.imap.ImapServer;
import org.villhop.store.SqliteMailboxStore;

public class ImapBench {

    static final String USER = "bench@hopital.example";
    static final String PASSWORD = "bench-password";

    public static void main(String[] args) throws Exception {
        int messages = 10_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--messages")) {
                messages = Integer.parseInt(args[++i]);
            }
        }
        Path work = Files.createTempDirectory("villhop-imap-bench");
        SSLContext[] tls = selfSigned();
        try (SqliteMailboxStore store = SqliteMailboxStore.open(work.resolve("mailboxes"), Clock.systemUTC())) {
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                store.deliver(USER, "INBOX", new ByteArrayInputStream(message(i)), Set.of());
            }
            report("deliver (store API, fsync each)", messages, System.nanoTime() - start);
            ImapServer server = ImapServer.builder(store,
                    (user, password) -> user.equals(USER) && password.equals(PASSWORD) ? Optional.of(USER)
                            : Optional.empty(), tls[0]).mode(ImapServer.TlsMode.IMPLICIT).spool(work).build().start();
            try {
                workload(server.port(), tls[1], messages);
            } finally {
                server.close();
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static byte[] message(int i) {
        return ("From: Dr Practitioner " + i + " <dr" + i + "@cabinet.example>\r\nTo: " + USER + "\r\n"
                + "Subject: Compte rendu patient " + i + "\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
                + "Message-ID: <bench-" + i + "@cabinet.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                + ("Compte rendu de consultation numero " + i + ", examen clinique normal.\r\n").repeat(40))
                .getBytes(StandardCharsets.UTF_8);
    }

    static void workload(int port, SSLContext client, int messages) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            try (Client c = new Client(port, client)) {
                c.ok("LOGIN " + USER + " " + PASSWORD);
            }
        }
        report("connect + TLS + LOGIN", 20, System.nanoTime() - start);
        try (Client c = new Client(port, client)) {
            c.ok("LOGIN " + USER + " " + PASSWORD);
            start = System.nanoTime();
            c.ok("SELECT INBOX");
            report("SELECT " + messages + "-message INBOX", 1, System.nanoTime() - start);
            start = System.nanoTime();
            c.ok("FETCH 1:* (FLAGS UID BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE)])");
            report("FETCH headers+flags of all (messages/s)", messages, System.nanoTime() - start);
            start = System.nanoTime();
            String[] searches = {"SEARCH UNSEEN", "SEARCH FLAGGED", "SEARCH SUBJECT \"patient 42\"",
                "SEARCH FROM dr7", "SEARCH LARGER 2000"};
            for (String search : searches) {
                c.ok(search);
            }
            report("SEARCH (mix of 5)", searches.length, System.nanoTime() - start);
            start = System.nanoTime();
            for (int i = 1; i <= 100; i++) {
                c.ok("FETCH " + (i * messages / 100) + " BODY.PEEK[]");
            }
            report("FETCH full body", 100, System.nanoTime() - start);
            start = System.nanoTime();
            for (int i = 1; i <= 100; i++) {
                c.ok("STORE " + i + " +FLAGS (\\Seen)");
            }
            report("STORE +FLAGS", 100, System.nanoTime() - start);
            start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                byte[] m = message(messages + i);
                c.send("APPEND INBOX {" + m.length + "+}", m);
            }
            report("APPEND (LITERAL+)", 100, System.nanoTime() - start);
            c.ok("LOGOUT");
        }
    }

    static void report(String what, int operations, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%-45s %8d ops %9.3f s %10.1f ops/s%n", what, operations, seconds,
                operations / seconds);
    }

    /** A raw IMAP client that reads responses (with literals) up to the tagged one. */
    static final class Client implements AutoCloseable {
        private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;

        Client(int port, SSLContext context) throws IOException {
            socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
            line();
        }

        void ok(String command) throws IOException {
            send(command, null);
        }

        void send(String command, byte[] literal) throws IOException {
            String t = "b" + ++tag;
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (literal != null) {
                request.writeBytes(literal);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            while (true) {
                String line = line();
                Matcher m = LITERAL.matcher(line);
                while (m.find()) {
                    in.skipNBytes(Long.parseLong(m.group(1)));
                    line = line();
                    m = LITERAL.matcher(line);
                }
                if (line.startsWith(t + " ")) {
                    if (!line.startsWith(t + " OK")) {
                        throw new IOException(command + " failed: " + line);
                    }
                    return;
                }
            }
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            if (b < 0) {
                throw new IOException("connection closed");
            }
            return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A server context with a fresh self-signed localhost certificate, and a client context trusting only it. */
    static SSLContext[] selfSigned() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        char[] password = "bench".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", keys.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new SSLContext[] {server, client};
    }
}
