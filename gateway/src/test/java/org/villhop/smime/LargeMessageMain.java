package org.villhop.smime;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.villhop.testing.TestPki;
import org.villhop.trust.AlgorithmPolicy;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.CrlRepository;

/**
 * Run in a child JVM with -Xmx256m by {@link LargeMessageTest}: a message with a 50 MB attachment is signed and
 * encrypted, then decrypted and verified (and signed/verified alone), all through files. Exit 0 and "OK" when every
 * verdict is valid and the opened body equals the original byte for byte.
 */
public final class LargeMessageMain {
    private LargeMessageMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int megabytes = Integer.parseInt(args[1]);
        TestPki pki = TestPki.rsa("Large");
        TestPki.Issued sender = pki.person("cardiologie@ch-lens.mssante.test");
        TestPki.Issued receiver = pki.person("dr.martin@cabinet.mssante.test");
        Clock clock = Clock.fixed(pki.now(), ZoneOffset.UTC);
        Path original = writeMessage(dir.resolve("original.eml"), megabytes);
        String expected = bodyHash(original);
        SmimeComposer composer = new SmimeComposer(clock);
        SmimeOpener opener = new SmimeOpener(new CertificateValidator(List.of(pki.root().cert()), List.of(),
                new CrlRepository(pki.crls(), false, clock), new AlgorithmPolicy()), clock, 4 * 1024 * 1024, dir);
        SmimeIdentity senderId = new SmimeIdentity(sender.key(), sender.withChain());
        SmimeIdentity receiverId = new SmimeIdentity(receiver.key(), receiver.withChain());

        Path encrypted = dir.resolve("encrypted.eml");
        try (InputStream in = open(original); OutputStream out = create(encrypted)) {
            composer.signAndEncrypt(in, out, senderId, SignOptions.defaults(), List.of(receiver.cert()),
                    EncryptOptions.defaults());
        }
        check("sign+encrypt / decrypt+verify", opener, encrypted, receiverId, expected, dir);

        Path signed = dir.resolve("signed.eml");
        try (InputStream in = open(original); OutputStream out = create(signed)) {
            composer.sign(in, out, senderId, SignOptions.defaults());
        }
        check("sign / verify", opener, signed, receiverId, expected, dir);
        System.out.println("OK max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
    }

    private static void check(String what, SmimeOpener opener, Path message, SmimeIdentity key, String expected,
            Path dir) throws Exception {
        Path opened = dir.resolve("opened.eml");
        SmimeVerdict verdict;
        try (InputStream in = open(message); OutputStream out = create(opened)) {
            verdict = opener.open(in, out, List.of(key));
        }
        String actual = bodyHash(opened);
        if (!verdict.isValid() || !actual.equals(expected)) {
            System.out.println("FAILED " + what + ": " + verdict + " body " + actual + " expected " + expected);
            System.exit(3);
        }
        System.out.println(what + ": " + verdict.kind() + ", body intact (" + Files.size(message) / (1024 * 1024)
                + " MB message)");
    }

    /** A multipart/mixed message: a text part and a base64 attachment of {@code megabytes} pseudo-random bytes. */
    private static Path writeMessage(Path file, int megabytes) throws IOException {
        try (OutputStream out = create(file)) {
            out.write(("From: cardiologie@ch-lens.mssante.test\r\nTo: dr.martin@cabinet.mssante.test\r\n"
                    + "Subject: Imagerie\r\nMessage-ID: <large-1@ch-lens.mssante.test>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
                    + "Content-Type: text/plain\r\n\r\nVoir piece jointe.\r\n--b1\r\n"
                    + "Content-Type: application/octet-stream; name=scan.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Random random = new Random(42);
            byte[] chunk = new byte[57 * 1024];
            try (OutputStream base64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).wrap(
                    new java.io.FilterOutputStream(out) {
                        @Override
                        public void close() throws IOException {
                            flush();
                        }
                    })) {
                for (long written = 0; written < (long) megabytes * 1024 * 1024; written += chunk.length) {
                    random.nextBytes(chunk);
                    base64.write(chunk);
                }
            }
            out.write("\r\n--b1--\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    /** SHA-256 of everything after the first blank line of the body part's headers (the multipart body). */
    private static String bodyHash(Path message) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = open(message)) {
            byte[] marker = "boundary=\"b1\"\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            int matched = 0;
            int b;
            while (matched < marker.length && (b = in.read()) >= 0) {
                matched = b == marker[matched] ? matched + 1 : (b == marker[0] ? 1 : 0);
            }
            try (DigestInputStream body = new DigestInputStream(in, digest)) {
                body.transferTo(OutputStream.nullOutputStream());
            }
        }
        return HexFormat.of().formatHex(Arrays.copyOf(digest.digest(), 8));
    }

    private static InputStream open(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    }

    private static OutputStream create(Path file) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
    }
}
