package org.villhop.smime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.villhop.testing.TestPki;
import org.villhop.trust.AlgorithmPolicy;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.CrlRepository;

class SmimeRoundTripTest {
    static final String MESSAGE = """
            Return-Path: <cardiologie@ch-lens.mssante.test>
            Received: from mx.ch-lens.mssante.test by relay.test; Mon, 23 Nov 2026 10:00:00 +0100
            From: Cardiologie <cardiologie@ch-lens.mssante.test>
            To: dr.martin@cabinet.mssante.test
            Subject: Compte rendu de sortie
            Date: Mon, 23 Nov 2026 10:00:00 +0100
            Message-ID: <cr-4242@ch-lens.mssante.test>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Patient sorti le 22/11. Traitement : bisoprolol 2,5 mg.
            Ligne deux.
            """;

    static TestPki rsa;
    static TestPki ec;
    static TestPki.Issued rsaSender;
    static TestPki.Issued rsaReceiver;
    static TestPki.Issued ecSender;
    static TestPki.Issued ecReceiver;

    @BeforeAll
    static void pki() throws Exception {
        rsa = TestPki.rsa("RSA Health");
        ec = TestPki.ec("EC Health");
        rsaSender = rsa.person("cardiologie@ch-lens.mssante.test");
        rsaReceiver = rsa.person("dr.martin@cabinet.mssante.test");
        ecSender = ec.person("cardiologie@ch-lens.mssante.test");
        ecReceiver = ec.person("dr.martin@cabinet.mssante.test");
    }

    static Clock clock() {
        return Clock.fixed(rsa.now(), ZoneOffset.UTC);
    }

    static SmimeOpener opener() throws Exception {
        List<java.security.cert.X509CRL> crls = new java.util.ArrayList<>(rsa.crls());
        crls.addAll(ec.crls());
        return new SmimeOpener(new CertificateValidator(List.of(rsa.root().cert(), ec.root().cert()), List.of(),
                new CrlRepository(crls, false, clock()), new AlgorithmPolicy()), clock());
    }

    static SmimeIdentity identity(TestPki.Issued issued) {
        return new SmimeIdentity(issued.key(), issued.withChain());
    }

    record Opened(SmimeVerdict verdict, String text) {
    }

    static Opened open(byte[] message, TestPki.Issued... keys) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<SmimeIdentity> identities = java.util.Arrays.stream(keys).map(SmimeRoundTripTest::identity).toList();
        SmimeVerdict verdict = opener().open(new ByteArrayInputStream(message), out, identities);
        return new Opened(verdict, out.toString(StandardCharsets.UTF_8));
    }

    static byte[] sign(TestPki.Issued signer, SignOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(clock()).sign(input(), out, identity(signer), options);
        return out.toByteArray();
    }

    static ByteArrayInputStream input() {
        return new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.UTF_8));
    }

    static void assertOpenedIntact(Opened opened) {
        assertTrue(opened.text().contains("Message-ID: <cr-4242@ch-lens.mssante.test>"), opened.text());
        assertTrue(opened.text().contains("Received: from mx.ch-lens.mssante.test"), opened.text());
        assertTrue(opened.text().contains("Patient sorti le 22/11. Traitement : bisoprolol 2,5 mg.\r\nLigne deux."),
                opened.text());
        assertTrue(opened.text().contains("Content-Type: text/plain; charset=utf-8"), opened.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "rsa-pss", "rsa-sha512", "ec", "rsa-opaque", "ec-opaque"})
    void aSignedMessageVerifiesWithItsHeadersAndBodyIntact(String variant) throws Exception {
        TestPki.Issued signer = variant.startsWith("ec") ? ecSender : rsaSender;
        SignOptions options = SignOptions.defaults().withOpaque(variant.endsWith("opaque"));
        if (variant.equals("rsa-pss")) {
            options = options.withRsaScheme(SignOptions.RsaScheme.PSS);
        }
        if (variant.equals("rsa-sha512")) {
            options = options.withDigest(SignOptions.Digest.SHA512);
        }
        byte[] signed = sign(signer, options);
        String text = new String(signed, StandardCharsets.UTF_8);
        assertTrue(text.contains("Message-ID: <cr-4242@ch-lens.mssante.test>"), text);
        Opened opened = open(signed);
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
        assertTrue(opened.verdict().signed());
        assertOpenedIntact(opened);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-cbc", "rsa-gcm", "rsa-oaep", "ec-cbc", "ec-gcm", "mixed"})
    void aSignedAndEncryptedMessageOpensForEachRecipientAndTheSender(String variant) throws Exception {
        boolean ecSide = variant.startsWith("ec");
        TestPki.Issued sender = ecSide ? ecSender : rsaSender;
        List<java.security.cert.X509Certificate> recipients = variant.equals("mixed")
                ? List.of(rsaReceiver.cert(), ecReceiver.cert())
                : List.of((ecSide ? ecReceiver : rsaReceiver).cert());
        EncryptOptions options = EncryptOptions.defaults();
        if (variant.endsWith("gcm")) {
            options = options.withCipher(EncryptOptions.Cipher.AES256_GCM);
        }
        if (variant.endsWith("oaep")) {
            options = options.withRsaKeyTransport(EncryptOptions.RsaKeyTransport.OAEP_SHA256);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(clock()).signAndEncrypt(input(), out, identity(sender), SignOptions.defaults(), recipients,
                options);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Message-ID: <cr-4242@ch-lens.mssante.test>"), text);
        assertFalse(text.contains("bisoprolol"), text);
        for (TestPki.Issued reader : variant.equals("mixed") ? List.of(rsaReceiver, ecReceiver, sender)
                : List.of(ecSide ? ecReceiver : rsaReceiver, sender)) {
            Opened opened = open(out.toByteArray(), stranger(), reader);
            assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
            assertTrue(opened.verdict().encrypted() && opened.verdict().signed());
            assertOpenedIntact(opened);
        }
    }

    static TestPki.Issued stranger() throws Exception {
        return rsa.person("someone.else@cabinet.mssante.test");
    }

    @Test
    void theSignatureCarriesSigningTimeCapabilitiesSigningCertificateV2AndTheChainWithoutTheRoot() throws Exception {
        SmimeIdentity signer = identity(rsaSender);
        org.bouncycastle.cms.CMSSignedDataStreamGenerator generator = new CmsSigning(CryptoProviders.standard(),
                clock()).generator(signer, SignOptions.defaults());
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        try (java.io.OutputStream content = generator.open(der, true)) {
            content.write("hello".getBytes(StandardCharsets.US_ASCII));
        }
        org.bouncycastle.cms.CMSSignedData signed = new org.bouncycastle.cms.CMSSignedData(der.toByteArray());
        org.bouncycastle.asn1.cms.AttributeTable attributes = signed.getSignerInfos().getSigners().iterator().next()
                .getSignedAttributes();
        assertTrue(attributes.get(org.bouncycastle.asn1.cms.CMSAttributes.signingTime) != null);
        assertTrue(attributes.get(org.bouncycastle.asn1.smime.SMIMEAttributes.smimeCapabilities) != null);
        assertTrue(attributes.get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signingCertificateV2)
                != null);
        assertEquals(2, signed.getCertificates().getMatches(null).size(), "signer and intermediate, not the root");
    }

    @Test
    void anEncryptedMessageIsRefusedToSomeoneItWasNotEncryptedFor() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(clock()).encrypt(input(), out, List.of(rsaReceiver.cert()), EncryptOptions.defaults());
        Opened opened = open(out.toByteArray(), ecReceiver);
        assertEquals(SmimeVerdict.Kind.NO_DECRYPTION_KEY, opened.verdict().kind(), opened.verdict().toString());
        Opened right = open(out.toByteArray(), rsaReceiver);
        assertEquals(SmimeVerdict.Kind.NOT_SIGNED, right.verdict().kind());
        assertOpenedIntact(right);
    }

    @Test
    void headerProtectionRestoresTheSignedHeadersAndDetectsAnAlteredOuterSubject() throws Exception {
        byte[] signed = sign(rsaSender, SignOptions.defaults().withHeaderProtection(true));
        Opened opened = open(signed);
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
        assertOpenedIntact(opened);
        String tampered = new String(signed, StandardCharsets.UTF_8)
                .replaceFirst("Subject: Compte rendu de sortie", "Subject: Facture urgente");
        Opened bad = open(tampered.getBytes(StandardCharsets.UTF_8));
        assertEquals(SmimeVerdict.Kind.HEADER_MISMATCH, bad.verdict().kind(), bad.verdict().toString());
        assertTrue(bad.verdict().reason().contains("Subject"), bad.verdict().reason());
    }

    @Test
    void anEightBitBodyIsSignedAsQuotedPrintableSoThatRelaysCannotBreakTheSignature() throws Exception {
        String eightBit = MESSAGE.replace("Ligne deux.", "Ligne deux, \u00e9t\u00e9 =  ");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeComposer(clock()).sign(new ByteArrayInputStream(eightBit.getBytes(StandardCharsets.UTF_8)), out,
                identity(rsaSender), SignOptions.defaults());
        String signed = out.toString(StandardCharsets.ISO_8859_1);
        assertTrue(signed.contains("Content-Transfer-Encoding: quoted-printable"), signed);
        assertTrue(signed.contains("Ligne deux, =C3=A9t=C3=A9 =3D =20"), signed);
        assertTrue(signed.chars().allMatch(c -> c < 128), "signed message must be 7-bit");
        Opened opened = open(out.toByteArray());
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
    }

    @Test
    void aTamperedBodyBreaksTheSignature() throws Exception {
        String tampered = new String(sign(rsaSender, SignOptions.defaults()), StandardCharsets.UTF_8)
                .replace("2,5 mg", "25 mg");
        Opened opened = open(tampered.getBytes(StandardCharsets.UTF_8));
        assertEquals(SmimeVerdict.Kind.BAD_SIGNATURE, opened.verdict().kind(), opened.verdict().toString());
    }

    @Test
    void aSignedMessageWithLfLineEndsStillVerifies() throws Exception {
        String lf = new String(sign(rsaSender, SignOptions.defaults()), StandardCharsets.UTF_8).replace("\r\n", "\n");
        Opened opened = open(lf.getBytes(StandardCharsets.UTF_8));
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
    }
}
