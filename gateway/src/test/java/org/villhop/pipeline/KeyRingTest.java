package org.villhop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
}
