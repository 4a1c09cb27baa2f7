package org.villhop.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.AuthenticatedSafe;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.OpenSsl;

class Pkcs12CodecTest {
    @TempDir
    Path dir;
    TestPki pki;
    Identity identity;

    @BeforeEach
    void issue() {
        pki = new TestPki(dir.resolve("data"), KeyAlgorithm.RSA_2048);
        identity = pki.issue("gp", CertificateProfile.PRACTITIONER_SMIME, "gp@m.test", KeyAlgorithm.RSA_2048);
    }

    @Test
    void keysAndCertificatesAreEncryptedWithAes256CbcUnderPbkdf2HmacSha256() {
        byte[] p12 = new Pkcs12Codec(50_000).write(identity, TestPki.PASSWORD);
        Pfx pfx = Pfx.getInstance(p12);
        assertEquals(NISTObjectIdentifiers.id_sha256, pfx.getMacData().getMac().getAlgorithmId().getAlgorithm());
        assertEquals(50_000, pfx.getMacData().getIterationCount().intValue());
        AuthenticatedSafe safe = AuthenticatedSafe.getInstance(
                ASN1OctetString.getInstance(pfx.getAuthSafe().getContent()).getOctets());
        List<AlgorithmIdentifier> schemes = new ArrayList<>();
        for (ContentInfo info : safe.getContentInfo()) {
            if (info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                schemes.add(EncryptedData.getInstance(info.getContent()).getEncryptionAlgorithm());
            } else {
                ASN1Sequence bags = ASN1Sequence.getInstance(ASN1OctetString.getInstance(info.getContent()).getOctets());
                for (int i = 0; i < bags.size(); i++) {
                    SafeBag bag = SafeBag.getInstance(bags.getObjectAt(i));
                    assertEquals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag, bag.getBagId(), "key only in shrouded bag");
                    schemes.add(EncryptedPrivateKeyInfo.getInstance(bag.getBagValue()).getEncryptionAlgorithm());
                }
            }
        }
        assertEquals(2, schemes.size(), "one encrypted certificate safe, one shrouded key");
        for (AlgorithmIdentifier scheme : schemes) {
            assertEquals(PKCSObjectIdentifiers.id_PBES2, scheme.getAlgorithm());
            PBES2Parameters pbes2 = PBES2Parameters.getInstance(scheme.getParameters());
            KeyDerivationFunc kdf = pbes2.getKeyDerivationFunc();
            assertEquals(PKCSObjectIdentifiers.id_PBKDF2, kdf.getAlgorithm());
            PBKDF2Params params = PBKDF2Params.getInstance(kdf.getParameters());
            assertEquals(PKCSObjectIdentifiers.id_hmacWithSHA256, params.getPrf().getAlgorithm());
            assertEquals(50_000, params.getIterationCount().intValue());
            EncryptionScheme cipher = pbes2.getEncryptionScheme();
            assertEquals(NISTObjectIdentifiers.id_aes256_CBC, cipher.getAlgorithm());
        }
        assertEquals(new ASN1Integer(3), pfx.toASN1Primitive() instanceof ASN1Sequence s ? s.getObjectAt(0) : null);
    }

    @Test
    void writtenFileReadsBackWithTheSameKeyAndChain() {
        Pkcs12Codec codec = new Pkcs12Codec(10_000);
        Identity back = codec.read(codec.write(identity, TestPki.PASSWORD), TestPki.PASSWORD, "test.p12").get(0);
        assertArrayEquals(identity.privateKey().getEncoded(), back.privateKey().getEncoded());
        assertEquals(identity.chain(), back.chain());
        assertEquals("gp", back.alias());
    }

    @Test
    void openSslReadsTheFileAndReportsOnlyAesPbes2() throws Exception {
        Path p12 = dir.resolve("gp.p12");
        Files.write(p12, new Pkcs12Codec().write(identity, TestPki.PASSWORD));
        Path pw = dir.resolve("pw");
        Files.writeString(pw, new String(TestPki.PASSWORD));
        String info = OpenSsl.ok(dir, "pkcs12", "-info", "-noout", "-in", p12.toString(), "-passin", "file:" + pw);
        assertTrue(info.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"),
                info);
        assertTrue(info.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"),
                info);
        assertTrue(info.contains("MAC: sha256"), info);
        assertFalse(info.contains("RC2") || info.contains("3DES") || info.contains("TripleDES"), info);
        String dump = OpenSsl.ok(dir, "pkcs12", "-in", p12.toString(), "-passin", "file:" + pw, "-nodes");
        assertTrue(dump.contains("-----BEGIN PRIVATE KEY-----"), dump);
        assertEquals(3, dump.split("-----BEGIN CERTIFICATE-----", -1).length - 1, dump);
    }

    @Test
    void readsWhatOpenSslWritesFromAKeyAndCertificate() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "other pass");
        OpenSsl.ok(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k.pem", "-out", "c.pem", "-subj", "/CN=openssl made", "-days", "30",
                "-addext", "subjectAltName=email:made@openssl.test");
        OpenSsl.ok(dir, "pkcs12", "-export", "-in", "c.pem", "-inkey", "k.pem", "-out", "o.p12",
                "-passout", "file:" + pw, "-name", "made");
        List<Identity> read = new Pkcs12Codec().read(Files.readAllBytes(dir.resolve("o.p12")),
                "other pass".toCharArray(), "o.p12");
        assertEquals(1, read.size());
        assertEquals(List.of("made@openssl.test"), read.get(0).emails());
        assertTrue(KeyPairCheck.matches(read.get(0).privateKey(), read.get(0).certificate().getPublicKey()));
    }

    @Test
    void wrongPasswordIsReportedAsSuch() {
        byte[] p12 = new Pkcs12Codec(10_000).write(identity, TestPki.PASSWORD);
        PkiException e = assertThrows(PkiException.class,
                () -> new Pkcs12Codec().read(p12, "wrong".toCharArray(), "gp.p12"));
        assertEquals("gp.p12: wrong password for this PKCS#12 file", e.getMessage());
    }

    @Test
    void aFileThatIsNotPkcs12IsReportedAsSuch() {
        PkiException e = assertThrows(PkiException.class, () -> new Pkcs12Codec().read(
                "hello, not a key store".getBytes(StandardCharsets.US_ASCII), TestPki.PASSWORD, "x.p12"));
        assertTrue(e.getMessage().startsWith("x.p12: not a PKCS#12 file"), e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(new Pkcs12Codec(10_000).write(identity, TestPki.PASSWORD), 500);
        PkiException t = assertThrows(PkiException.class,
                () -> new Pkcs12Codec().read(truncated, TestPki.PASSWORD, "t.p12"));
        assertTrue(t.getMessage().startsWith("t.p12: "), t.getMessage());
        assertFalse(t.getMessage().contains("test-password"));
    }

    @Test
    void lowIterationCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pkcs12Codec(2048));
    }

}
