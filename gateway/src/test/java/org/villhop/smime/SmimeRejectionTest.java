package org.villhop.smime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.TestPki;
import org.villhop.testing.Tool;

/** Each way a signed or encrypted message must be refused, each with its own verdict and reason. */
class SmimeRejectionTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void pki() throws Exception {
        SmimeRoundTripTest.pki();
    }

    static TestPki rsa() {
        return SmimeRoundTripTest.rsa;
    }

    static SmimeVerdict verdictOf(TestPki.Issued signer, SignOptions options, Clock signingClock) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(signingClock).sign(SmimeRoundTripTest.input(), out,
                SmimeRoundTripTest.identity(signer), options);
        return SmimeRoundTripTest.open(out.toByteArray()).verdict();
    }

    static SmimeVerdict verdictOf(TestPki.Issued signer) throws Exception {
        return verdictOf(signer, SignOptions.defaults(), SmimeRoundTripTest.clock());
    }

    static TestPki.Spec cardiologie() {
        return rsa().spec("cardiologie@ch-lens.mssante.test");
    }

    @Test
    void aMessageSignedWithAnExpiredCertificateIsRefusedAsExpired() throws Exception {
        TestPki.Issued expired = rsa().issue(cardiologie().withValidity(rsa().now().minus(Duration.ofDays(400)),
                rsa().now().minus(Duration.ofDays(1))));
        SmimeVerdict verdict = verdictOf(expired);
        assertEquals(SmimeVerdict.Kind.EXPIRED, verdict.kind(), verdict.toString());
        assertEquals(14, verdict.kind().code());
    }

    @Test
    void aMessageSignedWithACertificateNotYetValidIsRefused() throws Exception {
        TestPki.Issued early = rsa().issue(cardiologie().withValidity(rsa().now().plus(Duration.ofDays(1)),
                rsa().now().plus(Duration.ofDays(400))));
        assertEquals(SmimeVerdict.Kind.NOT_YET_VALID, verdictOf(early).kind());
    }

    @Test
    void aMessageSignedWithARevokedCertificateIsRefusedAsRevoked() throws Exception {
        TestPki.Issued revoked = rsa().issue(cardiologie());
        rsa().revoke(revoked.cert());
        SmimeVerdict verdict = verdictOf(revoked);
        assertEquals(SmimeVerdict.Kind.REVOKED, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("revoked on"), verdict.reason());
    }

    @Test
    void aMessageSignedUnderAnUnknownRootIsRefusedAsUnknownIssuer() throws Exception {
        TestPki other = TestPki.rsa("Elsewhere");
        SmimeVerdict verdict = verdictOf(other.person("cardiologie@ch-lens.mssante.test"));
        assertEquals(SmimeVerdict.Kind.UNKNOWN_ISSUER, verdict.kind(), verdict.toString());
    }

    @Test
    void aMessageSignedWithAnEncryptionOnlyCertificateIsRefusedForKeyUsage() throws Exception {
        TestPki.Issued encryptionOnly = rsa().issue(cardiologie().withKeyUsage(KeyUsage.keyEncipherment));
        SmimeVerdict verdict = verdictOf(encryptionOnly);
        assertEquals(SmimeVerdict.Kind.WRONG_KEY_USAGE, verdict.kind(), verdict.toString());
    }

    @Test
    void aMessageSignedBySomeoneElseThanTheFromAddressIsRefused() throws Exception {
        SmimeVerdict verdict = verdictOf(SmimeRoundTripTest.rsaReceiver);
        assertEquals(SmimeVerdict.Kind.SIGNER_MISMATCH, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("dr.martin@cabinet.mssante.test"), verdict.reason());
    }

    @Test
    void aSigningTimeBeforeTheCertificateWasValidIsRefused() throws Exception {
        Clock backdated = Clock.fixed(rsa().now().minus(Duration.ofDays(60)), ZoneOffset.UTC);
        SmimeVerdict verdict = verdictOf(SmimeRoundTripTest.rsaSender, SignOptions.defaults(), backdated);
        assertEquals(SmimeVerdict.Kind.SIGNING_TIME_INVALID, verdict.kind(), verdict.toString());
    }

    @Test
    void aCertificateSignedWithSha1IsRefusedAsWeak() throws Exception {
        TestPki.Issued sha1 = rsa().issue(cardiologie().withSignatureAlgorithm("SHA1withRSA"));
        SmimeVerdict verdict = verdictOf(sha1);
        assertEquals(SmimeVerdict.Kind.WEAK_ALGORITHM, verdict.kind(), verdict.toString());
    }

    @Test
    void aMessageSignedWithSha1IsRefusedAsWeak() throws Exception {
        Tool.assumeInstalled("openssl");
        SmimeVerdict verdict = opensslSigned(SmimeRoundTripTest.rsaSender, "sha1");
        assertEquals(SmimeVerdict.Kind.WEAK_ALGORITHM, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("SHA-1"), verdict.reason());
    }

    @Test
    void aMessageSignedWithAnRsa1024KeyIsRefusedAsWeak() throws Exception {
        Tool.assumeInstalled("openssl");
        TestPki.Issued small = rsa().issue(cardiologie().withKeyPair(TestPki.rsaKeys(1024)));
        SmimeVerdict verdict = opensslSigned(small, "sha256");
        assertEquals(SmimeVerdict.Kind.WEAK_ALGORITHM, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("1024-bit RSA"), verdict.reason());
    }

    @Test
    void villhopRefusesToSignWithAnRsa1024Key() throws Exception {
        TestPki.Issued small = rsa().issue(cardiologie().withKeyPair(TestPki.rsaKeys(1024)));
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> verdictOf(small));
        assertTrue(refused.getMessage().contains("1024-bit RSA"), refused.getMessage());
    }

    @Test
    void aMessageEncryptedWith3desIsRefusedAsWeak() throws Exception {
        Tool.assumeInstalled("openssl");
        TestPki.writePem(dir.resolve("receiver.pem"), SmimeRoundTripTest.rsaReceiver.cert());
        Files.writeString(dir.resolve("entity.txt"), "Content-Type: text/plain\r\n\r\nsecret\r\n");
        Tool.run(dir, "openssl", "cms", "-encrypt", "-des3", "-in", "entity.txt", "-recip", "receiver.pem",
                "-from", "cardiologie@ch-lens.mssante.test", "-out", "des3.eml").expectSuccess();
        SmimeVerdict verdict = SmimeRoundTripTest.open(Files.readAllBytes(dir.resolve("des3.eml")),
                SmimeRoundTripTest.rsaReceiver).verdict();
        assertEquals(SmimeVerdict.Kind.WEAK_ALGORITHM, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("3DES"), verdict.reason());
    }

    @Test
    void aTamperedBodyIsRefusedAsBadSignature() throws Exception {
        String tampered = signed(SignOptions.defaults()).replace("2,5 mg", "25 mg");
        SmimeVerdict verdict = SmimeRoundTripTest.open(tampered.getBytes(StandardCharsets.UTF_8)).verdict();
        assertEquals(SmimeVerdict.Kind.BAD_SIGNATURE, verdict.kind(), verdict.toString());
    }

    @Test
    void aTamperedSignedHeaderIsRefusedAsBadSignature() throws Exception {
        String signed = signed(SignOptions.defaults().withHeaderProtection(true));
        int inner = signed.indexOf("message/rfc822");
        String tampered = signed.substring(0, inner) + signed.substring(inner)
                .replaceFirst("Subject: Compte rendu de sortie", "Subject: Compte rendu de sortiE");
        SmimeVerdict verdict = SmimeRoundTripTest.open(tampered.getBytes(StandardCharsets.UTF_8)).verdict();
        assertEquals(SmimeVerdict.Kind.BAD_SIGNATURE, verdict.kind(), verdict.toString());
    }

    @Test
    void anOuterHeaderDifferentFromItsSignedCopyIsRefusedAsHeaderMismatch() throws Exception {
        String tampered = signed(SignOptions.defaults().withHeaderProtection(true))
                .replaceFirst("To: dr.martin@cabinet.mssante.test", "To: attacker@evil.test");
        SmimeVerdict verdict = SmimeRoundTripTest.open(tampered.getBytes(StandardCharsets.UTF_8)).verdict();
        assertEquals(SmimeVerdict.Kind.HEADER_MISMATCH, verdict.kind(), verdict.toString());
        assertTrue(verdict.reason().contains("attacker@evil.test"), verdict.reason());
    }

    @Test
    void anAlteredGcmCiphertextIsRefusedAsDecryptionFailed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(SmimeRoundTripTest.clock()).signAndEncrypt(SmimeRoundTripTest.input(), out,
                SmimeRoundTripTest.identity(SmimeRoundTripTest.rsaSender), SignOptions.defaults(),
                List.of(SmimeRoundTripTest.rsaReceiver.cert()),
                EncryptOptions.defaults().withCipher(EncryptOptions.Cipher.AES256_GCM));
        String message = out.toString(StandardCharsets.US_ASCII);
        int bodyStart = message.indexOf("\r\n\r\n") + 4;
        byte[] cms = java.util.Base64.getMimeDecoder().decode(message.substring(bodyStart));
        cms[cms.length - 200] ^= 0x01;
        String tampered = message.substring(0, bodyStart) + java.util.Base64.getMimeEncoder().encodeToString(cms)
                + "\r\n";
        SmimeVerdict verdict = SmimeRoundTripTest.open(tampered.getBytes(StandardCharsets.US_ASCII),
                SmimeRoundTripTest.rsaReceiver).verdict();
        assertEquals(SmimeVerdict.Kind.DECRYPTION_FAILED, verdict.kind(), verdict.toString());
    }

    private static String signed(SignOptions options) throws Exception {
        return new String(SmimeRoundTripTest.sign(SmimeRoundTripTest.rsaSender, options), StandardCharsets.UTF_8);
    }

    private static SmimeVerdict opensslSigned(TestPki.Issued signer, String digest) throws Exception {
        TestPki.writePem(dir.resolve("signer.pem"), signer.cert());
        TestPki.writePem(dir.resolve("signer.key"), signer.key());
        TestPki.writePem(dir.resolve("int.pem"), rsa().intermediate().cert());
        Files.writeString(dir.resolve("entity.txt"), "Content-Type: text/plain\r\n\r\nhello\r\n");
        Tool.run(dir, "openssl", "cms", "-sign", "-md", digest, "-in", "entity.txt", "-signer", "signer.pem",
                "-inkey", "signer.key", "-certfile", "int.pem", "-from", "cardiologie@ch-lens.mssante.test",
                "-out", "signed.eml").expectSuccess();
        return SmimeRoundTripTest.open(Files.readAllBytes(dir.resolve("signed.eml"))).verdict();
    }
}
