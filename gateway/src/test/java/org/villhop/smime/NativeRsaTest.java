package org.villhop.smime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;

import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.villhop.testing.TestPki;

class NativeRsaTest {
    private static final byte[] CONTENT = "Content-Type: text/plain\r\n\r\nOrdonnance\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    static TestPki pki;
    static TestPki.Issued signer;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.rsa("Native Health");
        signer = pki.person("cardiologie@ch-lens.mssante.test");
    }

    @Test
    void awsLcLoadsOnLinuxX86_64() {
        boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        assertEquals(linuxX64, NativeRsa.load().isPresent(),
                "AWS-LC's RSA should run exactly where its native library is shipped (linux-x86_64)");
    }

    @Test
    void aSignatureByAwsLcIsByteForByteTheJdksAndVerifies() throws Exception {
        CryptoProviders withNative = CryptoProviders.standard();
        CryptoProviders jdkOnly = withNative.withoutNativeRsa();
        byte[] nativeSignature = detachedSignature(withNative);
        byte[] jdkSignature = detachedSignature(jdkOnly);
        assertArrayEquals(jdkSignature, nativeSignature, "PKCS#1 v1.5 is deterministic: the same signed data");
        CMSSignedData parsed = new CMSSignedData(new CMSProcessableByteArray(CONTENT), nativeSignature);
        SignerInformation info = parsed.getSignerInfos().getSigners().iterator().next();
        assertTrue(info.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signer.cert())));
    }

    @Test
    void aKeyIsTranslatedOncePerKey() throws Exception {
        NativeRsa rsa = NativeRsa.load().orElseThrow();
        RSAPrivateKey key = (RSAPrivateKey) signer.key();
        assertSame(rsa.key(key), rsa.key(key));
        assertEquals("AmazonCorrettoCryptoProvider", rsa.provider().getName());
    }

    private static byte[] detachedSignature(CryptoProviders providers) throws Exception {
        CmsSigning signing = new CmsSigning(providers, Clock.fixed(pki.now(), ZoneOffset.UTC));
        ByteArrayOutputStream signature = new ByteArrayOutputStream();
        try (OutputStream digesting = signing.generator(SmimeRoundTripTest.identity(signer), SignOptions.defaults())
                .open(signature, false)) {
            digesting.write(CONTENT);
        }
        return signature.toByteArray();
    }
}
