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
    static X509Certificate serverCertificate;

    public static void main(String[] args) throws Exception {
        int messages = 10_000;
        int idle = 0;
        String connect = null;
        String user = USER;
        String passwordEnv = null;
        Path ca = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--idle" -> idle = Integer.parseInt(args[++i]);
                case "--connect" -> connect = args[++i];
                case "--user" -> user = args[++i];
                case "--password-env" -> passwordEnv = args[++i];
                case "--ca" -> ca = Path.of(args[++i]);
                case "--idle-client" -> {
                    IdleClients.run(Integer.parseInt(args[i + 1]), Integer.parseInt(args[i + 2]),
                            Path.of(args[i + 3]));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --messages N, --idle N, --connect HOST:PORT --user U --password-env VAR --ca PEM)");
            }
        }
        if (connect != null) {
            other(connect, user, System.getenv(passwordEnv == null ? "IMAP_PASSWORD" : passwordEnv), ca, messages);
            return;
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
                    (name, password) -> password.equals(PASSWORD) ? Optional.of(name) : Optional.empty(), tls[0]).mode(ImapServer.TlsMode.IMPLICIT).spool(work).build().start();
            try {
                workload("localhost", server.port(), tls[1], messages, USER, PASSWORD);
                if (idle > 0) {
                    IdleClients.measure(store, server.port(), idle, tls[1], work);
                }
            } finally {
                server.close();
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The same workload against another IMAP server over implicit TLS (for example Dovecot on loopback): the account's
     * INBOX is first filled with {@code messages} messages by APPEND.
     */
    static void other(String connect, String user, String password, Path ca, int messages) throws Exception {
        if (password == null || ca == null) {
            throw new IllegalArgumentException("--connect needs --ca PEM and the password in IMAP_PASSWORD (or"
                    + " --password-env VAR)");
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        int colon = connect.lastIndexOf(':');
        String host = connect.substring(0, colon);
        int port = Integer.parseInt(connect.substring(colon + 1));
        try (Client c = new Client(host, port, context)) {
            c.ok("LOGIN " + user + " " + password);
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                byte[] m = message(i);
                c.send("APPEND INBOX {" + m.length + "+}", m);
            }
            report("fill by APPEND", messages, System.nanoTime() - start);
        }
        workload(host, port, context, messages, user, password);
    }

    static byte[] message(int i) {
        return ("From: Dr Practitioner " + i + " <dr" + i + "@cabinet.example>\r\nTo: " + USER + "\r\n"
                + "Subject: Compte rendu patient " + i + "\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
                + "Message-ID: <bench-" + i + "@cabinet.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                + ("Compte rendu de consultation numero " + i + ", examen clinique normal.\r\n").repeat(40))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The workload twice: a first round warms up caches (and the JIT), the second is the one to compare. */
    static void workload(String host, int port, SSLContext client, int messages, String user, String password)
            throws IOException {
        System.out.println("-- warm-up round (read-only steps repeated 20 times)");
        round(host, port, client, messages, user, password, "$Warm", 20);
        System.out.println("-- measured round");
        round(host, port, client, messages + 100, user, password, "$Measured", 1);
    }

    /** One round; STORE adds {@code keyword} (a new one per round, so that every STORE changes something). */
    static void round(String host, int port, SSLContext client, int messages, String user, String password,
                      String keyword, int repeat) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            try (Client c = new Client(host, port, client)) {
                c.ok("LOGIN " + user + " " + password);
            }
        }
        report("connect + TLS + LOGIN", 20, System.nanoTime() - start);
        try (Client c = new Client(host, port, client)) {
            c.ok("LOGIN " + user + " " + password);
            start = System.nanoTime();
            c.ok("SELECT INBOX");
            report("SELECT " + messages + "-message INBOX", 1, System.nanoTime() - start);
            start = System.nanoTime();
            c.ok("FETCH 1:* (FLAGS UID BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE)])");
            report("FETCH headers+flags of all (messages/s)", messages, System.nanoTime() - start);
            start = System.nanoTime();
            String[] searches = {"SEARCH UNSEEN", "SEARCH FLAGGED", "SEARCH SUBJECT \"patient 42\"",
                "SEARCH FROM dr7", "SEARCH LARGER 2000"};
            for (int r = 0; r < repeat; r++) {
                for (String search : searches) {
                    c.ok(search);
                }
            }
            report("SEARCH (mix of 5)", searches.length * repeat, System.nanoTime() - start);
            start = System.nanoTime();
            for (int i = 1; i <= 100 * repeat; i++) {
                c.ok("FETCH " + (1 + (i * messages / 100) % messages) + " BODY.PEEK[]");
            }
            report("FETCH full body", 100 * repeat, System.nanoTime() - start);
            start = System.nanoTime();
            for (int i = 1; i <= 100; i++) {
                c.ok("STORE " + i + " +FLAGS (" + keyword + ")");
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
        final OutputStream out;
        private int tag;

        Client(String host, int port, SSLContext context) throws IOException {
            socket = (SSLSocket) context.getSocketFactory().createSocket(host, port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
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
        X509Certificate certificate = serverCertificate = new JcaX509CertificateConverter()
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

    /**
     * N connections in IDLE, opened by a child JVM (so that this JVM's heap holds only the server side): reports the
     * server's heap per idle connection and how long one delivery takes to reach every idling session.
     */
    static final class IdleClients {

        static void measure(SqliteMailboxStore store, int port, int count, SSLContext client, Path work)
                throws Exception {
            for (int i = 0; i < 5; i++) {
                store.deliver("idle@hopital.example", "INBOX", new ByteArrayInputStream(message(i)), Set.of());
            }
            long before = heapAfterGc();
            Path trust = work.resolve("trust.p12");
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setCertificateEntry("server", serverCertificate);
            try (var out = Files.newOutputStream(trust)) {
                keyStore.store(out, "bench".toCharArray());
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                    System.getProperty("bench.source"),
                    "--idle-client", String.valueOf(port), String.valueOf(count), trust.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready = lines.readLine();
            if (ready == null || !ready.startsWith("ready")) {
                throw new IOException("the idle clients did not start: " + ready);
            }
            long after = heapAfterGc();
            System.out.printf(Locale.ROOT, "%-45s %8d conns %9.1f MB heap %7.1f kB/conn%n", "idle connections in IDLE",
                    count, (after - before) / 1e6, (after - before) / 1e3 / count);
            long start = System.nanoTime();
            store.deliver("idle@hopital.example", "INBOX", new ByteArrayInputStream(message(99)), Set.of());
            String notified = lines.readLine();
            report("new mail told to every IDLE session (" + notified + ")", 1, System.nanoTime() - start);
            child.getOutputStream().close();
            child.waitFor();
        }

        private static long heapAfterGc() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            Runtime runtime = Runtime.getRuntime();
            return runtime.totalMemory() - runtime.freeMemory();
        }

        static void run(int port, int count, Path trust) throws Exception {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(trust)) {
                keyStore.load(in, "bench".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keyStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(count);
            java.util.List<Client> clients = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                Client c = new Client("localhost", port, context);
                c.ok("LOGIN idle@hopital.example " + PASSWORD);
                c.ok("SELECT INBOX");
                c.out.write("i IDLE\r\n".getBytes(StandardCharsets.US_ASCII));
                c.out.flush();
                c.line();
                clients.add(c);
                Thread.ofVirtual().start(() -> {
                    try {
                        if (c.line().endsWith("EXISTS")) {
                            told.countDown();
                        }
                    } catch (IOException e) {
                        return;
                    }
                });
            }
            System.out.println("ready " + count);
            System.out.flush();
            boolean all = told.await(120, java.util.concurrent.TimeUnit.SECONDS);
            System.out.println((count - told.getCount()) + " of " + count + " told" + (all ? "" : ", timed out"));
            System.out.flush();
            System.in.read();
        }
    }
}
