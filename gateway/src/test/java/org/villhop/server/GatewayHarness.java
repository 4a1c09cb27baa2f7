package org.villhop.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.villhop.audit.AuditEntry;
import org.villhop.audit.AuditQuery;
import org.villhop.config.ConfigLoader;
import org.villhop.config.DeliverySetup;
import org.villhop.config.GatewayConfig;
import org.villhop.smime.SmimeIdentity;
import org.villhop.smime.SmimeOpener;
import org.villhop.smime.SmimeVerdict;
import org.villhop.testing.MutableClock;
import org.villhop.trust.AlgorithmPolicy;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.Certificates;
import org.villhop.trust.CrlRepository;
import org.villhop.testing.TestSmtpServer;

/**
 * A gateway on the sample PKI of certs-sample/, listening on ports chosen by the system, with two next hops that
 * speak STARTTLS: {@code sink} (the relay host: every outbound message) and {@code internal} (the static route of the
 * local domain ch-lens.mssante.test: local mailboxes, DSNs to local senders). Time is a {@link MutableClock}.
 * Users sortie and cardiologie (sample password) may send as their ch-lens address; accueil is an automatic service
 * mailbox (automatic-receipts) that keeps no Sent copy of what it submits (sent-copy: false).
 */
final class GatewayHarness implements java.io.Closeable {
    static final Path SAMPLE = Path.of("..", "certs-sample").toAbsolutePath().normalize();
    static final String SENDER = "sortie@ch-lens.mssante.test";
    static final String GP = "dr.martin@medecins.mssante.test";

    final Path dir;
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    final TestSmtpServer sink;
    final TestSmtpServer internal;
    final GatewayConfig config;
    final SSLContext clientTls;
    Gateway gateway;
    final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param securityYaml more keys of the {@code security} section, indented by two spaces, or ""; unless it sets
     *                     {@code peer-certificate}, peers on the MX may send from trust-space domains without a client
     *                     certificate (most tests speak to the MX in clear text)
     */
    GatewayHarness(Path dir, String securityYaml) throws Exception {
        this(dir, securityYaml, true);
    }

    /**
     * @param localRoute true: mail for ch-lens.mssante.test goes to {@code internal}; false: into the mailbox store
     *                   (served on the imaps listener)
     */
    GatewayHarness(Path dir, String securityYaml, boolean localRoute) throws Exception {
        assumeTrue(Files.isRegularFile(SAMPLE.resolve("PASSWORD.txt")),
                "the sample PKI (certs-sample/) is not next to the gateway module");
        this.dir = dir;
        sink = new TestSmtpServer();
        internal = new TestSmtpServer();
        Path yaml = dir.resolve("villhop.yaml");
        Files.writeString(yaml, """
                hostname: localhost
                data-dir: data
                local-domains: [ch-lens.mssante.test]
                tls:
                  keystore: %1$s/identities/localhost.p12
                  keystore-password-file: %1$s/PASSWORD.txt
                  trust-anchors: [%1$s/ca/root.pem]
                  crls: [%1$s/crl/root.crl.pem, %1$s/crl/intermediate.crl.pem]
                listeners:
                  - {name: mx, kind: mx, address: 127.0.0.1, port: 2525, client-certificate: request}
                  - {name: submission, kind: submission, address: 127.0.0.1, port: 2587}
                  - {name: submissions, kind: submissions, address: 127.0.0.1, port: 2465}
                  - {name: imaps, kind: imaps, address: 127.0.0.1, port: 2993}
                users:
                  - {name: sortie, password-file: %1$s/PASSWORD.txt, addresses: [sortie@ch-lens.mssante.test]}
                  - {name: cardiologie, password-file: %1$s/PASSWORD.txt,
                     addresses: [cardiologie@ch-lens.mssante.test]}
                  - {name: accueil, password-file: %1$s/PASSWORD.txt,
                     addresses: [accueil@ch-lens.mssante.test], automatic-receipts: true, sent-copy: false}
                delivery:
                  relay-host: localhost:%2$d
                  client-keystore: %1$s/identities/dpi.ch-lens.p12
                  client-keystore-password-file: %1$s/PASSWORD.txt
                  routes:
                    - {domain: %5$s, host: localhost, port: %3$d, tls: required-verified}
                  retry:
                    schedule: [1m, 2m]
                    give-up-after: 10m
                    delay-notice-after: 5m
                limits:
                  message-size: 200KB
                pack:
                  mss-nil: CH-Lens/villhop test
                security:
                  trust-space: [mssante.test, "*.mssante.test"]
                %4$s""".formatted(SAMPLE, sink.port(), internal.port(),
                (securityYaml.contains("peer-certificate:") ? "" : "  peer-certificate: optional\n") + securityYaml,
                localRoute ? "ch-lens.mssante.test" : "internal.mssante.test"));
        config = new ConfigLoader(true).load(yaml);
        SamplePki.seed(SAMPLE.resolve("data"), config.dataDir());
        SSLContext serverTls = serverContext();
        sink.tls = serverTls;
        internal.tls = serverTls;
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, new TrustManager[] {DeliverySetup.trustManager(config.tls())}, null);
    }

    GatewayHarness start() throws GatewayException {
        gateway = Gateway.start(config, GatewayOptions.defaults().withClock(clock).withPortOverride(0)
                .withPollInterval(Duration.ofMillis(200)), log::add);
        return this;
    }

    /** A server TLS context holding the sample's localhost key (for test servers the gateway connects to). */
    static SSLContext localhostServer() throws Exception {
        char[] password = password().toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(SAMPLE.resolve("identities/localhost.p12"))) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** The next hops' TLS: the sample's localhost key, client certificates checked against the sample root. */
    private SSLContext serverContext() throws Exception {
        char[] password = Files.readAllLines(SAMPLE.resolve("PASSWORD.txt")).getFirst().strip().toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(SAMPLE.resolve("identities/localhost.p12"))) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), new TrustManager[] {DeliverySetup.trustManager(config.tls())}, null);
        return context;
    }

    /** A message as the GP's (or another sample identity's) mail client opens it: decrypted and verified. */
    record Opened(SmimeVerdict verdict, String text) {
    }

    Opened openAs(String sampleIdentity, byte[] message) throws IOException {
        List<SmimeIdentity> keys = SmimeIdentity.loadPkcs12(SAMPLE.resolve("identities/" + sampleIdentity + ".p12"),
                password().toCharArray());
        CertificateValidator validator = new CertificateValidator(Certificates.read(SAMPLE.resolve("ca/root.pem")),
                List.of(), CrlRepository.fromFiles(List.of(SAMPLE.resolve("crl/root.crl.pem"),
                SAMPLE.resolve("crl/intermediate.crl.pem")), clock), new AlgorithmPolicy());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SmimeVerdict verdict = new SmimeOpener(validator, clock).open(new java.io.ByteArrayInputStream(message), out,
                keys);
        return new Opened(verdict, out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String password() throws IOException {
        return Files.readAllLines(SAMPLE.resolve("PASSWORD.txt")).getFirst().strip();
    }

    int port(String listener) {
        return gateway.port(listener);
    }

    /** True once the journal holds an event with this action. */
    boolean audited(String action) {
        try {
            return audit().stream().anyMatch(e -> e.event().action().equals(action));
        } catch (IOException e) {
            return false;
        }
    }

    List<AuditEntry> audit() throws IOException {
        return new AuditQuery(null, null, null, null).run(config.dataDir().resolve("audit"));
    }

    /** Waits (30 s at most: a loaded CI machine) until the condition holds. */
    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String audit;
                try {
                    audit = String.join("\n", audit().stream().map(Object::toString).toList());
                } catch (IOException e) {
                    audit = e.toString();
                }
                throw new AssertionError("timed out waiting for " + what + "\ngateway log: " + log + "\naudit:\n"
                        + audit);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws IOException {
        List<IOException> problems = new ArrayList<>();
        for (java.io.Closeable c : new java.io.Closeable[] {gateway, sink, internal}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw problems.getFirst();
        }
    }
}
