package org.villhop.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.villhop.smime.EncryptOptions;
import org.villhop.smime.SignOptions;
import org.villhop.smime.SmimeComposer;
import org.villhop.smime.SmimeOpener;
import org.villhop.smime.SmimeVerdict;
import org.villhop.trust.AlgorithmPolicy;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.CrlRepository;

/** {@code villhop bench smime}: sign+encrypt and decrypt+verify throughput, one thread and all cores. */
@Command(name = "smime", mixinStandardHelpOptions = true,
        description = "Messages/s and MB/s (MB = 10^6 bytes of input message) of sign+encrypt and decrypt+verify"
                + " (RSA-2048, SHA-256, AES-256-CBC, PKCS#1 v1.5 key transport, full path and CRL check) for 100 KB"
                + " and 2 MB messages, on one thread and on all cores, next to 'openssl speed' figures measured in"
                + " the same run.")
final class BenchSmimeCommand implements Callable<Integer> {
    private static final int ROUNDS = 3;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "2",
            description = "Seconds per round (default 2): each figure is the best of 3 rounds after a warm-up round.")
    int seconds;

    @Option(names = "--no-openssl", description = "Skip the openssl speed reference figures.")
    boolean noOpenssl;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1) {
            throw new CommandFailure("--seconds must be at least 1", ExitCodes.USAGE);
        }
        var out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        BenchPki pki = BenchPki.create(clock.instant());
        SmimeComposer composer = new SmimeComposer(clock);
        SmimeOpener opener = new SmimeOpener(new CertificateValidator(List.of(pki.root()), List.of(),
                new CrlRepository(List.of(pki.crl()), false, clock), new AlgorithmPolicy()), clock);
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("villhop bench smime: %d cores, Java %s, best of %d rounds of %d s (after a warm-up round)%n",
                cores, Runtime.version(), ROUNDS, seconds);
        out.printf("RSA signatures by %s%n", composer.rsaSignatureProvider());
        out.printf("%-16s %8s %8s %10s %10s%n", "operation", "size", "threads", "msg/s", "MB/s");
        for (int size : new int[] {100_000, 2_000_000}) {
            byte[] message = message(size);
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            composer.signAndEncrypt(new ByteArrayInputStream(message), sealed, pki.sender(), SignOptions.defaults(),
                    List.of(pki.recipient().certificate()), EncryptOptions.defaults());
            byte[] encrypted = sealed.toByteArray();
            SmimeVerdict check = opener.open(new ByteArrayInputStream(encrypted), OutputStream.nullOutputStream(),
                    List.of(pki.recipient()));
            if (!check.isValid()) {
                throw new CommandFailure("benchmark message does not verify: " + check);
            }
            Operation seal = () -> composer.signAndEncrypt(new ByteArrayInputStream(message),
                    OutputStream.nullOutputStream(), pki.sender(), SignOptions.defaults(),
                    List.of(pki.recipient().certificate()), EncryptOptions.defaults());
            Operation open = () -> opener.open(new ByteArrayInputStream(encrypted), OutputStream.nullOutputStream(),
                    List.of(pki.recipient()));
            for (int threads : cores == 1 ? new int[] {1} : new int[] {1, cores}) {
                report(out, "sign+encrypt", size, threads, measure(seal, threads));
                report(out, "decrypt+verify", size, threads, measure(open, threads));
            }
        }
        out.println("Reference figures on this machine, same run:");
        out.printf("  JDK SHA256withRSA-2048 sign/s    %10.0f  (one core; bounds sign+encrypt msg/s)%n",
                jdkRsaSignsPerSecond(pki));
        out.printf("  JDK RSA-2048 PKCS#1 decrypt/s    %10.0f  (one core; bounds decrypt+verify msg/s)%n",
                jdkRsaDecryptsPerSecond(pki));
        if (!noOpenssl) {
            OpensslSpeed.figures().forEach(out::println);
        }
        return ExitCodes.OK;
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws IOException;
    }

    private void report(java.io.PrintWriter out, String name, int size, int threads, double perSecond) {
        out.printf("%-16s %8s %8d %10.0f %10.1f%n", name, size >= 1_000_000 ? size / 1_000_000 + " MB"
                : size / 1000 + " KB", threads, perSecond, perSecond * size / 1e6);
    }

    /**
     * Operations per second over all threads: the best of {@link #ROUNDS} rounds after a warm-up, so that a burst of
     * other work on a shared machine does not stand for the engine's speed.
     */
    private double measure(Operation operation, int threads) throws Exception {
        run(operation, threads, seconds * 1000L);
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            long count = run(operation, threads, seconds * 1000L);
            best = Math.max(best, count / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    private static long run(Operation operation, int threads, long millis) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                counts.add(pool.submit(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        operation.run();
                        n++;
                    }
                    return n;
                }));
            }
            Thread.sleep(millis);
            stop.set(true);
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private double jdkRsaSignsPerSecond(BenchPki pki) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withRSA");
        byte[] data = new byte[64];
        long end = System.nanoTime() + 1_000_000_000L;
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            signature.initSign(pki.sender().key());
            signature.update(data);
            signature.sign();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private double jdkRsaDecryptsPerSecond(BenchPki pki) throws GeneralSecurityException {
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, pki.recipient().certificate().getPublicKey());
        byte[] wrapped = cipher.doFinal(new byte[32]);
        long end = System.nanoTime() + 1_000_000_000L;
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            cipher.init(javax.crypto.Cipher.DECRYPT_MODE, pki.recipient().key());
            cipher.doFinal(wrapped);
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** A message of about {@code size} bytes: a short text part and a base64 attachment. */
    static byte[] message(int size) {
        StringBuilder head = new StringBuilder("From: sender@bench.test\r\nTo: recipient@bench.test\r\n"
                + "Subject: bench\r\nMessage-ID: <bench@bench.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "Compte rendu en piece jointe.\r\n--b\r\nContent-Type: application/pdf; name=cr.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n");
        String tail = "\r\n--b--\r\n";
        int attachment = Math.max(0, (size - head.length() - tail.length()) * 57 / 78);
        byte[] raw = new byte[attachment];
        new Random(7).nextBytes(raw);
        String encoded = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(raw);
        return (head + encoded + tail).getBytes(StandardCharsets.US_ASCII);
    }
}
