package org.villhop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.pki.CertificateInfo;
import org.villhop.pki.PkiStore;
import org.villhop.smime.SmimeIdentity;

/** Which of the sample identities signs and decrypts (certs-sample/data). */
class KeyRingTest {
    private static final Path SAMPLE = Path.of("..", "certs-sample");
    private static KeyRing keys;

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(Files.isDirectory(SAMPLE.resolve("data/pki")), "the sample PKI is not next to the gateway module");
        char[] password = Files.readAllLines(SAMPLE.resolve("PASSWORD.txt")).getFirst().strip().toCharArray();
        keys = KeyRing.load(new PkiStore(SAMPLE.resolve("data")), password, List.of("ch-lens.mssante.test"),
                Instant.now());
    }

    private static String email(SmimeIdentity identity) {
        return CertificateInfo.of(identity.certificate()).emails().getFirst();
    }

    @Test
    void theSendersOwnCertificateSigns() {
        assertEquals("sortie@ch-lens.mssante.test", email(keys.signerFor("Sortie@ch-lens.mssante.test").orElseThrow()));
    }

    @Test
    void anAddressWithoutCertificateIsSignedByItsDomainsCertificate() {
        String signer = email(keys.signerFor("accueil@ch-lens.mssante.test").orElseThrow());
        assertTrue(signer.endsWith("@ch-lens.mssante.test"), signer);
    }

    @Test
    void theGatewaysOwnNoticesAreSignedForTheFirstLocalDomain() {
        assertTrue(email(keys.signerFor("").orElseThrow()).endsWith("@ch-lens.mssante.test"));
    }

    @Test
    void aDomainWithoutAnyCertificateHasNoSigner() {
        assertTrue(keys.signerFor("someone@elsewhere.test").isEmpty());
    }

    @Test
    void tlsOnlyCertificatesAreNotUsedForSmime() {
        assertTrue(keys.decryptionKeys(List.of("dpi@ch-lens.mssante.test")).stream()
                .noneMatch(k -> email(k).equals("dpi@ch-lens.mssante.test")), "dpi has a TLS client certificate");
    }

    @Test
    void theRecipientsOwnKeyComesFirstForDecryption() {
        assertEquals("cardiologie@ch-lens.mssante.test",
                email(keys.decryptionKeys(List.of("cardiologie@ch-lens.mssante.test")).getFirst()));
    }

    private static final Path IDENTITIES = SAMPLE.resolve("data/pki/identities");

    private static void copyIdentity(String alias, Path data) throws IOException {
        Path to = data.resolve("pki/identities");
        Files.createDirectories(to);
        for (String ext : List.of(".p12", ".pem")) {
            // as villhop cert import writes them: a temporary file renamed into place
            Path tmp = to.resolve("." + alias + ext + ".tmp");
            Files.copy(IDENTITIES.resolve(alias + ext), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, to.resolve(alias + ext), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static char[] samplePassword() throws IOException {
        return Files.readAllLines(SAMPLE.resolve("PASSWORD.txt")).getFirst().strip().toCharArray();
    }

    @Test
    void aWatchingKeyRingUsesAnIdentityImportedAfterItsStartAndForgetsARemovedOne(@TempDir Path data)
            throws IOException {
        copyIdentity("sortie.ch-lens", data);
        AtomicInteger passwordReads = new AtomicInteger();
        List<String> log = new CopyOnWriteArrayList<>();
        KeyRing ring = KeyRing.watching(new PkiStore(data), () -> {
            passwordReads.incrementAndGet();
            return samplePassword();
        }, List.of("ch-lens.mssante.test"), Clock.systemUTC(), log::add);
        assertEquals(1, ring.size());
        assertTrue(ring.decryptionKeys(List.of("cardiologie@ch-lens.mssante.test")).stream()
                .noneMatch(k -> email(k).equals("cardiologie@ch-lens.mssante.test")));

        copyIdentity("cardiologie.ch-lens", data);

        assertEquals("cardiologie@ch-lens.mssante.test",
                email(ring.decryptionKeys(List.of("cardiologie@ch-lens.mssante.test")).getFirst()));
        assertEquals("cardiologie@ch-lens.mssante.test",
                email(ring.signerFor("cardiologie@ch-lens.mssante.test").orElseThrow()));
        assertEquals(2, ring.size());
        assertEquals(2, passwordReads.get(), "the password is read at start and at the reload, not kept");
        assertTrue(log.stream().anyMatch(l -> l.contains("added cardiologie.ch-lens")), log.toString());

        Files.delete(data.resolve("pki/identities/cardiologie.ch-lens.p12"));
        Files.delete(data.resolve("pki/identities/cardiologie.ch-lens.pem"));

        assertEquals("sortie@ch-lens.mssante.test",
                email(ring.signerFor("cardiologie@ch-lens.mssante.test").orElseThrow()), "the domain's key now");
        assertEquals(1, ring.size());
        assertEquals(2, passwordReads.get(), "keys already held are not decrypted again");
        assertTrue(log.stream().anyMatch(l -> l.contains("removed cardiologie.ch-lens")), log.toString());
    }

    @Test
    void anIdentityThatCannotBeReadAtAReloadIsReportedAndTheOthersStayInUse(@TempDir Path data) throws IOException {
        copyIdentity("sortie.ch-lens", data);
        List<String> log = new CopyOnWriteArrayList<>();
        KeyRing ring = KeyRing.watching(new PkiStore(data), KeyRingTest::samplePassword,
                List.of("ch-lens.mssante.test"), Clock.systemUTC(), log::add);
        copyIdentity("cardiologie.ch-lens", data);
        Files.write(data.resolve("pki/identities/cardiologie.ch-lens.p12"), new byte[] {1, 2, 3});

        assertEquals("sortie@ch-lens.mssante.test",
                email(ring.signerFor("cardiologie@ch-lens.mssante.test").orElseThrow()));
        assertEquals(1, ring.size());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("keys: identity 'cardiologie.ch-lens' not loaded")),
                log.toString());
        String password = new String(samplePassword());
        assertTrue(log.stream().noneMatch(l -> l.contains(password)), "no secret logged");
    }

    @Test
    void anExpiredCertificateNoLongerSignsButItsKeyStillDecrypts(@TempDir Path data) throws IOException {
        copyIdentity("dr.martin", data);
        Instant end = CertificateInfo.of(new PkiStore(data).identities().getFirst().certificate()).notAfter();
        KeyRing ring = KeyRing.watching(new PkiStore(data), KeyRingTest::samplePassword,
                List.of("medecins.mssante.test"), Clock.fixed(end.plusSeconds(1), ZoneOffset.UTC), l -> { });

        assertTrue(ring.signerFor("dr.martin@medecins.mssante.test").isEmpty());
        assertFalse(ring.decryptionKeys(List.of("dr.martin@medecins.mssante.test")).isEmpty(),
                "mail encrypted before the end of validity still opens");
    }
}
