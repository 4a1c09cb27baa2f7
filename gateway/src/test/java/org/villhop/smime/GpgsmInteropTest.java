package org.villhop.smime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.villhop.testing.TestPki;
import org.villhop.testing.Tool;

/**
 * villhop's S/MIME read by GnuPG's {@code gpgsm} (2.2: RSA PKCS#1 v1.5 or PSS and ECDSA signatures, AES-CBC with RSA PKCS#1 v1.5
 * key transport), and gpgsm's signatures and encryption read by villhop. gpgsm knows no MIME: the test splits and
 * wraps the MIME parts as a mail client would. Keys go in as legacy PKCS#12 (converted by openssl), the root is trusted
 * through trustlist.txt, CRL checks are off in gpgsm (villhop checks them with the test CRLs).
 */
class GpgsmInteropTest {
    static final String PASSWORD = "gpgsm-test";

    @TempDir
    static Path dir;
    static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        Tool.assumeInstalled("gpgsm");
        Tool.assumeInstalled("gpg-agent");
        Tool.assumeInstalled("gpgconf");
        Tool.assumeInstalled("openssl");
        SmimeRoundTripTest.pki();
        home = Files.createDirectory(dir.resolve("gnupg"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(home.resolve("gpgsm.conf"), "disable-crl-checks\n");
        Files.writeString(home.resolve("gpg-agent.conf"), "allow-loopback-pinentry\n");
        TestPki pki = SmimeRoundTripTest.rsa;
        TestPki.writePem(dir.resolve("root.pem"), pki.root().cert());
        TestPki.writePem(dir.resolve("int.pem"), pki.intermediate().cert());
        TestPki.writePem(dir.resolve("ec-root.pem"), SmimeRoundTripTest.ec.root().cert());
        TestPki.writePem(dir.resolve("ec-int.pem"), SmimeRoundTripTest.ec.intermediate().cert());
        gpgsm("--import", "root.pem", "int.pem", "ec-root.pem", "ec-int.pem");
        StringBuilder trustlist = new StringBuilder();
        for (TestPki trusted : List.of(pki, SmimeRoundTripTest.ec)) {
            trustlist.append(HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(trusted.root().cert().getEncoded()))).append(" S relax\n");
        }
        Files.writeString(home.resolve("trustlist.txt"), trustlist);
        for (String who : List.of("sender", "receiver")) {
            TestPki.Issued issued = who.equals("sender") ? SmimeRoundTripTest.rsaSender
                    : SmimeRoundTripTest.rsaReceiver;
            TestPki.writePem(dir.resolve(who + ".pem"), issued.cert());
            TestPki.writePem(dir.resolve(who + ".key"), issued.key());
            Tool.run(dir, "openssl", "pkcs12", "-export", "-legacy", "-in", who + ".pem", "-inkey", who + ".key",
                    "-certfile", "int.pem", "-passout", "pass:" + PASSWORD, "-out", who + "-legacy.p12")
                    .expectSuccess();
            gpgsm("--import", who + "-legacy.p12");
        }
        Files.writeString(dir.resolve("entity.txt"), "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                + OpensslInteropTest.BODY + "\r\n", StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (home != null) {
            Tool.run(dir, Map.of("GNUPGHOME", home.toString()), List.of("gpgconf", "--kill", "all"));
        }
    }

    static Tool.Result gpgsmRaw(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpgsm", "--batch", "--pinentry-mode", "loopback",
                "--passphrase-fd", "0"));
        command.addAll(List.of(args));
        return Tool.run(dir, Map.of("GNUPGHOME", home.toString()), command, PASSWORD + "\n");
    }

    static String gpgsm(String... args) throws Exception {
        return gpgsmRaw(args).expectSuccess().out();
    }

    /** The signed part's exact bytes and the decoded signature of a multipart/signed message. */
    static byte[][] split(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        Matcher boundary = Pattern.compile("boundary=\"([^\"]+)\"").matcher(text);
        assertTrue(boundary.find(), text);
        String delimiter = "--" + boundary.group(1);
        int start = text.indexOf(delimiter + "\r\n") + delimiter.length() + 2;
        int end = text.indexOf("\r\n" + delimiter + "\r\n", start);
        String signaturePart = text.substring(end + delimiter.length() + 4, text.indexOf(delimiter + "--"));
        String signature = signaturePart.substring(signaturePart.indexOf("\r\n\r\n") + 4);
        return new byte[][] {text.substring(start, end).getBytes(StandardCharsets.ISO_8859_1),
            Base64.getMimeDecoder().decode(signature)};
    }

    static byte[] body(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        return Base64.getMimeDecoder().decode(text.substring(text.indexOf("\r\n\r\n") + 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs1", "pss", "sha512", "ecdsa"})
    void gpgsmVerifiesWhatVillhopSigned(String variant) throws Exception {
        SignOptions options = SignOptions.defaults()
                .withRsaScheme(variant.equals("pss") ? SignOptions.RsaScheme.PSS : SignOptions.RsaScheme.PKCS1)
                .withDigest(variant.equals("sha512") ? SignOptions.Digest.SHA512 : SignOptions.Digest.SHA256);
        byte[][] parts = split(SmimeRoundTripTest.sign(variant.equals("ecdsa") ? SmimeRoundTripTest.ecSender
                : SmimeRoundTripTest.rsaSender, options));
        Files.write(dir.resolve(variant + ".content"), parts[0]);
        Files.write(dir.resolve(variant + ".sig"), parts[1]);
        Tool.Result result = gpgsmRaw("--verify", variant + ".sig", variant + ".content").expectSuccess();
        assertTrue(result.err().contains("Good signature"), result.err());
        Files.write(dir.resolve(variant + ".content"), new String(parts[0], StandardCharsets.ISO_8859_1)
                .replace("2,5 mg", "25 mg").getBytes(StandardCharsets.ISO_8859_1));
        assertNotEquals(0, gpgsmRaw("--verify", variant + ".sig", variant + ".content").code(),
                "gpgsm must reject the altered content");
    }

    @Test
    void gpgsmDecryptsAndVerifiesWhatVillhopSignedAndEncrypted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(SmimeRoundTripTest.clock()).signAndEncrypt(SmimeRoundTripTest.input(), out,
                SmimeRoundTripTest.identity(SmimeRoundTripTest.rsaSender), SignOptions.defaults(),
                List.of(SmimeRoundTripTest.rsaReceiver.cert()), EncryptOptions.defaults());
        Files.write(dir.resolve("villhop.p7m"), body(out.toByteArray()));
        String inner = gpgsm("--decrypt", "villhop.p7m");
        assertTrue(inner.startsWith("Content-Type: multipart/signed"), inner);
        byte[][] parts = split(inner.getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("inner.content"), parts[0]);
        Files.write(dir.resolve("inner.sig"), parts[1]);
        assertTrue(gpgsmRaw("--verify", "inner.sig", "inner.content").expectSuccess().err()
                .contains("Good signature"));
        assertTrue(new String(parts[0], StandardCharsets.UTF_8).contains("bisoprolol 2,5 mg"));
    }

    @Test
    void villhopVerifiesADetachedGpgsmSignatureInMultipartSigned() throws Exception {
        gpgsm("-u", "cardiologie@ch-lens.mssante.test", "--detach-sign", "--output", "gpgsm.sig", "entity.txt");
        String boundary = "gpgsm-test-boundary";
        String message = headers() + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\";"
                + " micalg=sha-256; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary + "\r\n"
                + Files.readString(dir.resolve("entity.txt"), StandardCharsets.ISO_8859_1) + "\r\n--" + boundary
                + "\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(Files.readAllBytes(dir.resolve("gpgsm.sig")))
                + "\r\n--" + boundary + "--\r\n";
        SmimeRoundTripTest.Opened opened = SmimeRoundTripTest.open(message.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
        assertTrue(opened.text().contains(OpensslInteropTest.BODY), opened.text());
    }

    @Test
    void villhopOpensWhatGpgsmSignedThenEncrypted() throws Exception {
        gpgsm("-u", "cardiologie@ch-lens.mssante.test", "--sign", "--output", "opaque.p7m", "entity.txt");
        String signedEntity = "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(Files.readAllBytes(dir.resolve("opaque.p7m"))) + "\r\n";
        Files.writeString(dir.resolve("signed-entity.txt"), signedEntity, StandardCharsets.ISO_8859_1);
        gpgsm("-r", "dr.martin@cabinet.mssante.test", "--encrypt", "--output", "gpgsm-enc.p7m",
                "signed-entity.txt");
        String message = headers() + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data;"
                + " name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(Files.readAllBytes(dir.resolve("gpgsm-enc.p7m"))) + "\r\n";
        SmimeRoundTripTest.Opened opened = SmimeRoundTripTest.open(message.getBytes(StandardCharsets.ISO_8859_1),
                SmimeRoundTripTest.rsaReceiver);
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
        assertTrue(opened.verdict().encrypted());
        assertTrue(opened.text().contains(OpensslInteropTest.BODY), opened.text());
    }

    private static String headers() {
        return "From: Cardiologie <cardiologie@ch-lens.mssante.test>\r\nTo: dr.martin@cabinet.mssante.test\r\n"
                + "Subject: Compte rendu\r\nMessage-ID: <gpgsm-1@ch-lens.mssante.test>\r\nMIME-Version: 1.0\r\n";
    }
}
