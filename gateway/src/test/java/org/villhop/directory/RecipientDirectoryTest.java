package org.villhop.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.pki.CaSettings;
import org.villhop.pki.CertificateAuthority;
import org.villhop.pki.CertificateInfo;
import org.villhop.pki.CertificateProfile;
import org.villhop.pki.IssueRequest;
import org.villhop.pki.KeyAlgorithm;
import org.villhop.pki.Pkcs12Codec;
import org.villhop.pki.PkiException;
import org.villhop.pki.PkiStore;

class RecipientDirectoryTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final char[] PASSWORD = "pw".toCharArray();

    @TempDir
    Path data;
    CertificateAuthority ca;
    RecipientDirectory directory;

    @BeforeEach
    void ca() {
        PkiStore store = new PkiStore(data.resolve("ca-side"), new Pkcs12Codec(10_000));
        ca = CertificateAuthority.init(store, new CaSettings(KeyAlgorithm.EC_P256, "Root", "Inter", null, 3650,
                "http://crl.example.test"), PASSWORD, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
        directory = new RecipientDirectory(data);
    }

    X509Certificate cert(CertificateProfile profile, String email, Instant from, Instant to) {
        return ca.issue("x", new IssueRequest(profile, "Someone", null, email == null ? List.of() : List.of(email),
                email == null ? List.of("host.test") : List.of(), List.of(), from, to), KeyAlgorithm.EC_P256,
                PASSWORD).certificate();
    }

    X509Certificate smime(String email) {
        return cert(CertificateProfile.PRACTITIONER_SMIME, email, NOW, NOW.plus(Duration.ofDays(365)));
    }

    @Test
    void aRecipientIsFoundByTheAddressInItsSubjectAltNameWhateverTheCase() {
        X509Certificate gp = smime("Dr.Martin@Medecins.test");
        directory.add(gp);
        directory.add(smime("nurse@medecins.test"));
        assertEquals(List.of(gp), directory.find("dr.martin@medecins.test"));
        assertEquals(List.of(gp), directory.find("DR.MARTIN@medecins.test"));
        assertEquals(List.of(), directory.find("nobody@medecins.test"));
        assertEquals(2, directory.list().size());
        assertTrue(directory.path().resolve(CertificateInfo.of(gp).fingerprintHex() + ".pem").toFile().isFile());
    }

    @Test
    void addingTheSameCertificateTwiceKeepsOneCopy() {
        X509Certificate gp = smime("gp@m.test");
        directory.add(gp);
        directory.add(gp);
        assertEquals(1, directory.list().size());
    }

    @Test
    void encryptionUsesOnlyCertificatesValidNowAndAllowedToReceiveKeysNewestFirst() {
        X509Certificate expired = cert(CertificateProfile.PRACTITIONER_SMIME, "gp@m.test",
                NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)));
        X509Certificate current = smime("gp@m.test");
        X509Certificate renewed = cert(CertificateProfile.PRACTITIONER_SMIME, "gp@m.test", NOW,
                NOW.plus(Duration.ofDays(700)));
        X509Certificate clientOnly = cert(CertificateProfile.TLS_CLIENT, "gp@m.test", NOW,
                NOW.plus(Duration.ofDays(365)));
        List.of(expired, current, renewed, clientOnly).forEach(directory::add);
        assertEquals(4, directory.find("gp@m.test").size());
        assertEquals(List.of(renewed, current), directory.findForEncryption("gp@m.test", NOW));
    }

    @Test
    void caCertificatesAndCertificatesWithoutAnEmailAreRefused() {
        PkiException ca509 = assertThrows(PkiException.class, () -> directory.add(ca.root()));
        assertTrue(ca509.getMessage().startsWith("a CA certificate is not a recipient's certificate"));
        PkiException noEmail = assertThrows(PkiException.class, () -> directory.add(
                cert(CertificateProfile.TLS_SERVER, null, NOW, NOW.plus(Duration.ofDays(30)))));
        assertTrue(noEmail.getMessage().startsWith("no email address in the subjectAltName"), noEmail.getMessage());
    }

    @Test
    void removalWorksByAddressAndByFingerprintPrefix() {
        X509Certificate gp = smime("gp@m.test");
        X509Certificate nurse = smime("nurse@m.test");
        directory.add(gp);
        directory.add(nurse);
        assertEquals(1, directory.remove(CertificateInfo.of(nurse).sha256Fingerprint().substring(0, 23)).size());
        assertEquals(List.of(), directory.find("nurse@m.test"));
        assertEquals(1, directory.remove("GP@m.test").size());
        PkiException none = assertThrows(PkiException.class, () -> directory.remove("gp@m.test"));
        assertTrue(none.getMessage().startsWith("no certificate for 'gp@m.test'"), none.getMessage());
    }

    /** Sets the directory's time well before now, as if it had not changed for an hour. */
    private void ageDirectory() throws Exception {
        Files.setLastModifiedTime(directory.path(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }

    @Test
    void lookUpsReadTheIndexWhileTheDirectoryIsUnchanged() throws Exception {
        X509Certificate gp = smime("gp@m.test");
        directory.add(gp);
        ageDirectory();
        assertEquals(List.of(gp), directory.find("gp@m.test"));
        long listings = directory.listings();
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(gp), directory.find("gp@m.test"));
            assertEquals(List.of(), directory.findForEncryption("other@m.test", NOW));
        }
        assertEquals(listings, directory.listings(), "an unchanged directory is not listed again");
    }

    @Test
    void certificatesAddedOrRemovedByAnotherProcessCountAtTheNextLookUp() throws Exception {
        RecipientDirectory cli = new RecipientDirectory(data);
        X509Certificate first = smime("first@m.test");
        cli.add(first);
        ageDirectory();
        assertEquals(List.of(first), directory.find("first@m.test"));
        X509Certificate second = smime("second@m.test");
        cli.add(second);
        assertEquals(List.of(second), directory.find("second@m.test"), "added right after a look-up");
        X509Certificate third = smime("third@m.test");
        cli.add(third);
        assertEquals(List.of(third), directory.find("third@m.test"), "added in the same tick as the listing");
        cli.remove("first@m.test");
        assertEquals(List.of(), directory.find("first@m.test"), "removed");
        assertEquals(List.of(third), directory.findForEncryption("third@m.test", NOW));
    }

    @Test
    void aCertificateSlippedInBehindTheDirectorysBackIsSeenOnlyOnceTheDirectoryChanges() throws Exception {
        X509Certificate gp = smime("gp@m.test");
        directory.add(gp);
        Path file = directory.path().resolve(CertificateInfo.of(gp).fingerprintHex() + ".pem");
        Path aside = data.resolve("aside.pem");
        Files.move(file, aside);
        ageDirectory();
        FileTime aged = Files.getLastModifiedTime(directory.path());
        assertEquals(List.of(), directory.find("gp@m.test"));
        Files.move(aside, file);
        Files.setLastModifiedTime(directory.path(), aged);
        assertEquals(List.of(), directory.find("gp@m.test"), "the index is used while the directory looks unchanged");
        Files.setLastModifiedTime(directory.path(), FileTime.from(Instant.now()));
        assertEquals(List.of(gp), directory.find("gp@m.test"), "and rebuilt once it changes");
    }
}
