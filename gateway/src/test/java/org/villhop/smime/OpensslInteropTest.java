package org.villhop.smime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.villhop.testing.TestPki;
import org.villhop.testing.Tool;

/** villhop's S/MIME read by {@code openssl cms}, and {@code openssl cms} output read by villhop, RSA and EC. */
class OpensslInteropTest {
    static final String BODY = "Patient sorti le 22/11. Traitement : bisoprolol 2,5 mg.";

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        Tool.assumeInstalled("openssl");
        SmimeRoundTripTest.pki();
        for (String side : List.of("rsa", "ec")) {
            TestPki pki = side.equals("rsa") ? SmimeRoundTripTest.rsa : SmimeRoundTripTest.ec;
            TestPki.writePem(dir.resolve(side + "-root.pem"), pki.root().cert());
            TestPki.writePem(dir.resolve(side + "-int.pem"), pki.intermediate().cert());
            TestPki.Issued sender = side.equals("rsa") ? SmimeRoundTripTest.rsaSender : SmimeRoundTripTest.ecSender;
            TestPki.Issued receiver = side.equals("rsa") ? SmimeRoundTripTest.rsaReceiver
                    : SmimeRoundTripTest.ecReceiver;
            TestPki.writePem(dir.resolve(side + "-sender.pem"), sender.cert());
            TestPki.writePem(dir.resolve(side + "-sender.key"), sender.key());
            TestPki.writePem(dir.resolve(side + "-receiver.pem"), receiver.cert());
            TestPki.writePem(dir.resolve(side + "-receiver.key"), receiver.key());
        }
        Files.writeString(dir.resolve("entity.txt"), "Content-Type: text/plain; charset=utf-8\r\n\r\n" + BODY
                + "\r\n", StandardCharsets.UTF_8);
    }

    static TestPki.Issued sender(String side) {
        return side.startsWith("rsa") ? SmimeRoundTripTest.rsaSender : SmimeRoundTripTest.ecSender;
    }

    static TestPki.Issued receiver(String side) {
        return side.startsWith("rsa") ? SmimeRoundTripTest.rsaReceiver : SmimeRoundTripTest.ecReceiver;
    }

    static String side(String variant) {
        return variant.substring(0, variant.indexOf('-') < 0 ? variant.length() : variant.indexOf('-'));
    }

    static Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    static String openssl(String... args) throws Exception {
        return Tool.run(dir, java.util.stream.Stream.concat(java.util.stream.Stream.of("openssl"),
                java.util.stream.Stream.of(args)).toArray(String[]::new)).expectSuccess().out();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "rsa-pss", "rsa-opaque", "ec", "ec-opaque"})
    void opensslVerifiesWhatVillhopSigned(String variant) throws Exception {
        SignOptions options = SignOptions.defaults().withOpaque(variant.endsWith("opaque"))
                .withRsaScheme(variant.endsWith("pss") ? SignOptions.RsaScheme.PSS : SignOptions.RsaScheme.PKCS1);
        Path signed = write(variant + "-signed.eml", SmimeRoundTripTest.sign(sender(variant), options));
        String content = openssl("cms", "-verify", "-in", signed.toString(), "-CAfile",
                side(variant) + "-root.pem", "-purpose", "smimesign");
        assertTrue(content.contains("bisoprolol 2,5 mg"), content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-cbc", "rsa-gcm", "rsa-oaep", "ec-cbc", "ec-gcm"})
    void opensslDecryptsAndVerifiesWhatVillhopSignedAndEncrypted(String variant) throws Exception {
        EncryptOptions options = EncryptOptions.defaults()
                .withCipher(variant.endsWith("gcm") ? EncryptOptions.Cipher.AES256_GCM
                        : EncryptOptions.Cipher.AES256_CBC)
                .withRsaKeyTransport(variant.endsWith("oaep") ? EncryptOptions.RsaKeyTransport.OAEP_SHA256
                        : EncryptOptions.RsaKeyTransport.PKCS1);
        String side = side(variant);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(SmimeRoundTripTest.clock()).signAndEncrypt(SmimeRoundTripTest.input(), out,
                SmimeRoundTripTest.identity(sender(side)), SignOptions.defaults(), List.of(receiver(side).cert()),
                options);
        Path encrypted = write(variant + "-enc.eml", out.toByteArray());
        openssl("cms", "-decrypt", "-in", encrypted.toString(), "-recip", side + "-receiver.pem", "-inkey",
                side + "-receiver.key", "-out", variant + "-dec.eml");
        String content = openssl("cms", "-verify", "-in", variant + "-dec.eml", "-CAfile", side + "-root.pem");
        assertTrue(content.contains("bisoprolol 2,5 mg"), content);
        // the sender's own copy
        String own = openssl("cms", "-decrypt", "-in", encrypted.toString(), "-recip", side + "-sender.pem",
                "-inkey", side + "-sender.key");
        assertTrue(own.contains("multipart/signed"), own);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "rsa-pss", "ec"})
    void villhopVerifiesWhatOpensslSigned(String variant) throws Exception {
        String side = side(variant);
        List<String> args = new java.util.ArrayList<>(List.of("cms", "-sign", "-in", "entity.txt", "-signer",
                side + "-sender.pem", "-inkey", side + "-sender.key", "-certfile", side + "-int.pem",
                "-from", "Cardiologie <cardiologie@ch-lens.mssante.test>", "-to", "dr.martin@cabinet.mssante.test",
                "-subject", "Compte rendu", "-out", variant + "-ossl-signed.eml"));
        if (variant.endsWith("pss")) {
            args.addAll(List.of("-keyopt", "rsa_padding_mode:pss"));
        }
        openssl(args.toArray(String[]::new));
        SmimeRoundTripTest.Opened opened = SmimeRoundTripTest.open(
                Files.readAllBytes(dir.resolve(variant + "-ossl-signed.eml")));
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
        assertTrue(opened.text().contains(BODY), opened.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-aes-256-cbc", "rsa-aes-256-gcm", "ec-aes-256-cbc", "ec-aes-128-gcm"})
    void villhopOpensWhatOpensslSignedThenEncrypted(String variant) throws Exception {
        String side = side(variant);
        String cipher = variant.substring(side.length() + 1);
        openssl("cms", "-sign", "-in", "entity.txt", "-signer", side + "-sender.pem", "-inkey", side + "-sender.key",
                "-certfile", side + "-int.pem", "-out", variant + "-inner.eml");
        openssl("cms", "-encrypt", "-in", variant + "-inner.eml", "-" + cipher, "-recip", side + "-receiver.pem",
                "-from", "cardiologie@ch-lens.mssante.test", "-to", "dr.martin@cabinet.mssante.test",
                "-subject", "Compte rendu", "-out", variant + "-ossl-enc.eml");
        SmimeRoundTripTest.Opened opened = SmimeRoundTripTest.open(
                Files.readAllBytes(dir.resolve(variant + "-ossl-enc.eml")), receiver(side));
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
        assertTrue(opened.verdict().encrypted());
        assertTrue(opened.text().contains(BODY), opened.text());
    }

    static void copy(InputStream in, OutputStream out) throws Exception {
        in.transferTo(out);
    }
}
