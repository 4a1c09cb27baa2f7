package org.villhop.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.OpenSsl;

class PemCodecTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeFilesWithOpenSsl() throws Exception {
        Files.writeString(dir.resolve("pw"), "key pass");
        OpenSsl.ok(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-subj", "/CN=OpenSSL Test CA", "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE");
        OpenSsl.ok(dir, "req", "-newkey", "rsa:2048", "-keyout", "leaf.key", "-passout", "file:pw", "-out", "leaf.csr",
                "-subj", "/CN=Leaf");
        OpenSsl.ok(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-out", "leaf.pem",
                "-days", "30");
        OpenSsl.ok(dir, "crl2pkcs7", "-nocrl", "-certfile", "leaf.pem", "-certfile", "ca.pem", "-out", "chain.p7b");
        OpenSsl.ok(dir, "crl2pkcs7", "-nocrl", "-certfile", "leaf.pem", "-certfile", "ca.pem", "-outform", "DER",
                "-out", "chain-der.p7b");
        OpenSsl.ok(dir, "x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der");
    }

    static byte[] read(String name) throws Exception {
        return Files.readAllBytes(dir.resolve(name));
    }

    @Test
    void readsPemAndDerCertificatesWrittenByOpenSsl() throws Exception {
        X509Certificate pem = PemCodec.readCertificates(read("ca.pem"), "ca.pem").get(0);
        X509Certificate der = PemCodec.readCertificates(read("ca.der"), "ca.der").get(0);
        assertEquals(pem, der);
        assertEquals("CN=OpenSSL Test CA", pem.getSubjectX500Principal().getName());
    }

    @Test
    void readsP7bChainsFromOpenSslCrl2pkcs7InPemAndDer() throws Exception {
        List<X509Certificate> pem = PemCodec.readCertificates(read("chain.p7b"), "chain.p7b");
        List<X509Certificate> der = PemCodec.readCertificates(read("chain-der.p7b"), "chain-der.p7b");
        assertEquals(2, pem.size());
        assertEquals(pem, der);
        X509Certificate leaf = pem.stream().filter(c -> c.getBasicConstraints() < 0).findFirst().orElseThrow();
        List<X509Certificate> chain = CertificateChains.chain(leaf, pem);
        assertEquals("CN=OpenSSL Test CA", chain.get(1).getSubjectX500Principal().getName());
    }

    @Test
    void readsOpenSslEncryptedAndPlainKeysAndMatchesThemToTheirCertificates() throws Exception {
        PrivateKey encrypted = PemCodec.readPrivateKey(read("leaf.key"), "key pass".toCharArray(), "leaf.key");
        PrivateKey plain = PemCodec.readPrivateKey(read("ca.key"), null, "ca.key");
        List<X509Certificate> certs = List.of(PemCodec.readCertificates(read("leaf.pem"), "leaf.pem").get(0),
                PemCodec.readCertificates(read("ca.pem"), "ca.pem").get(0));
        Identity id = CertificateChains.identity("leaf", encrypted, certs, "leaf.pem");
        assertEquals("CN=Leaf", id.certificate().getSubjectX500Principal().getName());
        assertEquals(2, id.chain().size());
        PkiException mismatch = assertThrows(PkiException.class,
                () -> CertificateChains.identity("x", plain, List.of(certs.get(0)), "leaf.pem"));
        assertTrue(mismatch.getMessage().contains("matches none"), mismatch.getMessage());
    }

    @Test
    void wrongKeyPasswordAndMissingPasswordAreReportedClearly() throws Exception {
        PkiException wrong = assertThrows(PkiException.class,
                () -> PemCodec.readPrivateKey(read("leaf.key"), "nope".toCharArray(), "leaf.key"));
        assertEquals("leaf.key: wrong password for this private key", wrong.getMessage());
        PkiException none = assertThrows(PkiException.class,
                () -> PemCodec.readPrivateKey(read("leaf.key"), null, "leaf.key"));
        assertTrue(none.getMessage().contains("no password"), none.getMessage());
    }

    @Test
    void openSslReadsTheEncryptedPkcs8KeysWeWrite() throws Exception {
        PrivateKey key = PemCodec.readPrivateKey(read("ca.key"), null, "ca.key");
        String pem = PemCodec.encryptedKeyPem(key, "key pass".toCharArray(), 10_000);
        assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem);
        Files.writeString(dir.resolve("ours.key"), pem);
        String out = OpenSsl.ok(dir, "pkcs8", "-in", "ours.key", "-passin", "file:pw", "-topk8", "-nocrypt");
        assertTrue(out.contains("-----BEGIN PRIVATE KEY-----"), out);
        String asn1 = OpenSsl.ok(dir, "asn1parse", "-in", "ours.key");
        assertTrue(asn1.contains("PBES2") && asn1.contains("hmacWithSHA256") && asn1.contains("aes-256-cbc"), asn1);
        assertEquals(key, PemCodec.readPrivateKey(pem.getBytes(StandardCharsets.US_ASCII), "key pass".toCharArray(),
                "ours.key"));
    }

    @Test
    void truncatedPemIsReportedAsTruncated() throws Exception {
        String pem = Files.readString(dir.resolve("ca.pem"));
        byte[] cut = pem.substring(0, pem.length() / 2).getBytes(StandardCharsets.US_ASCII);
        PkiException e = assertThrows(PkiException.class, () -> PemCodec.readCertificates(cut, "cut.pem"));
        assertTrue(e.getMessage().startsWith("cut.pem: truncated or damaged PEM"), e.getMessage());
    }

    @Test
    void filesThatHoldNoCertificateAreReportedAsSuch() throws Exception {
        PkiException text = assertThrows(PkiException.class, () -> PemCodec.readCertificates(
                "just some text\n".getBytes(StandardCharsets.US_ASCII), "notes.txt"));
        assertTrue(text.getMessage().startsWith("notes.txt: no certificate found"), text.getMessage());
        PkiException key = assertThrows(PkiException.class, () -> PemCodec.readCertificates(read("ca.key"), "ca.key"));
        assertTrue(key.getMessage().startsWith("ca.key: no certificate found"), key.getMessage());
        PkiException der = assertThrows(PkiException.class,
                () -> PemCodec.readCertificates(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, "junk.der"));
        assertTrue(der.getMessage().startsWith("junk.der: not a certificate"), der.getMessage());
    }
}
