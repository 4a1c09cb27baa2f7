package org.villhop.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.OpenSsl;

class CertificateAuthorityTest {
    @TempDir
    Path data;

    @Test
    void caInitMakesARootAndAnIntermediateThatChainAndAreTrusted() throws Exception {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        X509Certificate root = pki.ca.root();
        X509Certificate inter = pki.ca.intermediate();
        root.verify(root.getPublicKey());
        inter.verify(root.getPublicKey());
        assertEquals(Integer.MAX_VALUE, root.getBasicConstraints());
        assertEquals(0, inter.getBasicConstraints());
        assertEquals(List.of("keyCertSign", "cRLSign"), CertificateInfo.of(inter).keyUsage());
        assertEquals("SHA256withECDSA", inter.getSigAlgName());
        assertEquals(TestPki.NOW, root.getNotBefore().toInstant());
        assertEquals(List.of(root), pki.store.trustAnchors());
        assertEquals(2, pki.store.crlFiles().size());
        assertEquals("http://crl.example.test/pki/root.crl", distributionPoint(inter));
    }

    @Test
    void eachProfileGetsItsKeyUsageExtendedUsageAndNames() throws Exception {
        TestPki pki = new TestPki(data, KeyAlgorithm.RSA_2048);
        CertificateInfo org = CertificateInfo.of(pki.issue("org", CertificateProfile.ORG_SMIME,
                "cardiologie@h.test", KeyAlgorithm.RSA_2048).certificate());
        assertEquals(List.of("digitalSignature", "keyEncipherment"), org.keyUsage());
        assertEquals(List.of("emailProtection"), org.extendedKeyUsage());
        assertEquals(List.of("cardiologie@h.test"), org.emails());

        CertificateInfo person = CertificateInfo.of(pki.issue("gp", CertificateProfile.PRACTITIONER_SMIME,
                "dr@m.test", KeyAlgorithm.EC_P256).certificate());
        assertEquals(List.of("digitalSignature", "nonRepudiation", "keyAgreement"), person.keyUsage());
        assertEquals("EC-256", person.key());

        CertificateInfo server = CertificateInfo.of(pki.issue("tls", CertificateProfile.TLS_SERVER, null,
                KeyAlgorithm.RSA_2048).certificate());
        assertEquals(List.of("serverAuth"), server.extendedKeyUsage());
        assertEquals(List.of("localhost"), server.dnsNames());
        assertEquals(List.of("127.0.0.1"), server.ipAddresses());

        CertificateInfo client = CertificateInfo.of(pki.issue("app", CertificateProfile.TLS_CLIENT, "app@h.test",
                KeyAlgorithm.RSA_2048).certificate());
        assertEquals(List.of("digitalSignature"), client.keyUsage());
        assertEquals(List.of("clientAuth"), client.extendedKeyUsage());
        assertFalse(client.ca());
    }

    @Test
    void issuedCertificateCarriesKeyIdentifiersAndTheIntermediateDistributionPoint() throws Exception {
        TestPki pki = new TestPki(data, KeyAlgorithm.RSA_2048);
        Identity id = pki.issue("a", CertificateProfile.ORG_SMIME, "a@h.test", KeyAlgorithm.RSA_2048);
        X509Certificate leaf = id.certificate();
        leaf.verify(pki.ca.intermediate().getPublicKey());
        assertEquals(List.of(leaf, pki.ca.intermediate(), pki.ca.root()), id.chain());
        assertEquals(-1, leaf.getBasicConstraints());
        byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                pki.ca.intermediate().getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets())
                .getKeyIdentifier();
        byte[] aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                leaf.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifierOctets();
        assertTrue(java.util.Arrays.equals(ski, aki));
        assertNotNull(leaf.getExtensionValue(Extension.subjectKeyIdentifier.getId()));
        assertEquals("http://crl.example.test/pki/intermediate.crl", distributionPoint(leaf));
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
    }

    @Test
    void serialNumbersAreRandomPositiveAndUnique() {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            BigInteger s = pki.issue("s" + i, CertificateProfile.ORG_SMIME, "s" + i + "@h.test", KeyAlgorithm.EC_P256)
                    .certificate().getSerialNumber();
            assertTrue(s.signum() > 0 && s.bitLength() >= 64 && s.bitLength() <= 127, s.toString(16));
            serials.add(s);
        }
        assertEquals(12, serials.size());
    }

    @Test
    void revokedCertificateAppearsInTheNextCrlWithItsReason() throws Exception {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        Identity kept = pki.issue("kept", CertificateProfile.ORG_SMIME, "k@h.test", KeyAlgorithm.EC_P256);
        Identity gone = pki.issue("gone", CertificateProfile.ORG_SMIME, "g@h.test", KeyAlgorithm.EC_P256);
        pki.ca.revoke(gone.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE);
        List<X509CRL> crls = pki.ca.publishCrls(Duration.ofDays(3650), TestPki.PASSWORD);
        X509CRL crl = crls.get(1);
        crl.verify(pki.ca.intermediate().getPublicKey());
        assertEquals(TestPki.NOW.plus(Duration.ofDays(3650)), crl.getNextUpdate().toInstant());
        assertTrue(crl.isRevoked(gone.certificate()));
        assertFalse(crl.isRevoked(kept.certificate()));
        X509CRLEntry entry = crl.getRevokedCertificate(gone.certificate().getSerialNumber());
        assertEquals(CRLReason.keyCompromise, entry.getRevocationReason().ordinal());
        assertNull(crls.get(0).getRevokedCertificates());
        PkiException twice = assertThrows(PkiException.class,
                () -> pki.ca.revoke(gone.certificate().getSerialNumber(), RevocationReason.SUPERSEDED));
        assertTrue(twice.getMessage().contains("already revoked"), twice.getMessage());
    }

    @Test
    void issuingWithTheWrongPasswordFailsClearly() {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        PkiException e = assertThrows(PkiException.class, () -> pki.ca.issue("x",
                pki.request(CertificateProfile.ORG_SMIME, "x@h.test"), KeyAlgorithm.EC_P256, "nope".toCharArray()));
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    }

    @Test
    void aCertificateMayNotOutliveItsCa() {
        TestPki pki = new TestPki(data, KeyAlgorithm.EC_P256);
        IssueRequest tooLong = new IssueRequest(CertificateProfile.ORG_SMIME, "x", null, List.of("x@h.test"),
                List.of(), List.of(), TestPki.NOW, TestPki.NOW.plus(Duration.ofDays(4000)));
        PkiException e = assertThrows(PkiException.class,
                () -> pki.ca.issue("x", tooLong, KeyAlgorithm.EC_P256, TestPki.PASSWORD));
        assertTrue(e.getMessage().contains("outlive"), e.getMessage());
    }

    @Test
    void requestsWithoutTheNamesTheirProfileNeedsAreRefused() {
        assertThrows(PkiException.class, () -> new IssueRequest(CertificateProfile.ORG_SMIME, "x", null, List.of(),
                List.of(), List.of(), TestPki.NOW, TestPki.NOW.plusSeconds(60)));
        assertThrows(PkiException.class, () -> new IssueRequest(CertificateProfile.TLS_SERVER, "x", null, List.of(),
                List.of(), List.of(), TestPki.NOW, TestPki.NOW.plusSeconds(60)));
        assertThrows(PkiException.class, () -> new IssueRequest(CertificateProfile.ORG_SMIME, "x", null,
                List.of("not-an-address"), List.of(), List.of(), TestPki.NOW, TestPki.NOW.plusSeconds(60)));
        assertThrows(PkiException.class, () -> new IssueRequest(CertificateProfile.ORG_SMIME, "x", null,
                List.of("a@b.test"), List.of(), List.of(), TestPki.NOW, TestPki.NOW));
    }

    @Test
    void openSslVerifiesIssuedChainsAgainstTheCrls() throws Exception {
        TestPki pki = new TestPki(data, KeyAlgorithm.RSA_2048);
        Identity good = pki.issue("good", CertificateProfile.ORG_SMIME, "good@h.test", KeyAlgorithm.RSA_2048);
        Identity bad = pki.issue("bad", CertificateProfile.ORG_SMIME, "bad@h.test", KeyAlgorithm.RSA_2048);
        pki.ca.revoke(bad.certificate().getSerialNumber(), RevocationReason.SUPERSEDED);
        pki.ca.publishCrls(Duration.ofDays(30), TestPki.PASSWORD);
        Path ca = pki.store.caDirectory();
        String[] common = {"verify", "-attime", String.valueOf(TestPki.NOW.getEpochSecond() + 60),
                "-CAfile", ca.resolve("root.pem").toString(), "-untrusted", ca.resolve("intermediate.pem").toString(),
                "-crl_check_all", "-CRLfile", ca.resolve("root.crl.pem").toString(),
                "-CRLfile", ca.resolve("intermediate.crl.pem").toString()};
        String ok = OpenSsl.ok(data, concat(common, pki.store.identitiesDirectory().resolve("good.pem").toString()));
        assertTrue(ok.contains(": OK"), ok);
        OpenSsl.Result revoked = OpenSsl.run(data, concat(common,
                pki.store.identitiesDirectory().resolve("bad.pem").toString()));
        assertTrue(revoked.code() != 0 && revoked.output().contains("certificate revoked"), revoked.output());
        assertNotNull(good);
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    private static String distributionPoint(X509Certificate c) {
        CRLDistPoint dp = CRLDistPoint.getInstance(ASN1OctetString.getInstance(
                c.getExtensionValue(Extension.cRLDistributionPoints.getId())).getOctets());
        return GeneralNames.getInstance(dp.getDistributionPoints()[0].getDistributionPoint().getName())
                .getNames()[0].getName().toString();
    }
}
