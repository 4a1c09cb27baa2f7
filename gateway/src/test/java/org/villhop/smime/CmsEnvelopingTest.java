package org.villhop.smime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.villhop.testing.TestPki;

class CmsEnvelopingTest {
    static TestPki rsa;
    static TestPki.Issued receiver;

    @BeforeAll
    static void pki() throws Exception {
        rsa = TestPki.rsa("RSA Health");
        receiver = rsa.person("dr.martin@cabinet.mssante.test");
    }

    /**
     * Two messages to the same recipient through one CmsEnveloping (its SecureRandom, explicit AES-CBC IV and cached
     * key-transport generator shared): each gets its own IV and content-encryption key, each opens, and the recipient
     * stays identified by issuer and serial number.
     */
    @ParameterizedTest
    @EnumSource(EncryptOptions.RsaKeyTransport.class)
    void eachMessageGetsItsOwnIvAndContentKey(EncryptOptions.RsaKeyTransport scheme) throws Exception {
        CmsEnveloping enveloping = new CmsEnveloping(CryptoProviders.standard());
        EncryptOptions options = EncryptOptions.defaults().withRsaKeyTransport(scheme);
        byte[] first = encrypt(enveloping, options, "first");
        byte[] second = encrypt(enveloping, options, "second");

        byte[] firstIv = iv(first);
        byte[] secondIv = iv(second);
        assertEquals(16, firstIv.length);
        assertFalse(Arrays.equals(firstIv, secondIv), "the same IV for two messages");
        assertFalse(Arrays.equals(contentKey(first, scheme), contentKey(second, scheme)),
                "the same content-encryption key for two messages");
        assertEquals("first", decrypt(first));
        assertEquals("second", decrypt(second));
    }

    private static byte[] encrypt(CmsEnveloping enveloping, EncryptOptions options, String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream content = enveloping.open(out, List.of(receiver.cert()), options)) {
            content.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static EnvelopedData enveloped(byte[] cms) {
        return EnvelopedData.getInstance(ContentInfo.getInstance(cms).getContent());
    }

    private static byte[] iv(byte[] cms) {
        return ASN1OctetString.getInstance(enveloped(cms).getEncryptedContentInfo().getContentEncryptionAlgorithm()
                .getParameters()).getOctets();
    }

    /** The content-encryption key, unwrapped with the recipient's private key on the JDK. */
    private static byte[] contentKey(byte[] cms, EncryptOptions.RsaKeyTransport scheme) throws Exception {
        EnvelopedData data = enveloped(cms);
        assertEquals(1, data.getRecipientInfos().size());
        KeyTransRecipientInfo info = KeyTransRecipientInfo.getInstance(
                RecipientInfo.getInstance(data.getRecipientInfos().getObjectAt(0)).getInfo());
        IssuerAndSerialNumber id = IssuerAndSerialNumber.getInstance(info.getRecipientIdentifier().getId());
        assertEquals(receiver.cert().getSerialNumber(), id.getSerialNumber().getValue());
        Cipher cipher;
        if (scheme == EncryptOptions.RsaKeyTransport.OAEP_SHA256) {
            cipher = Cipher.getInstance("RSA/ECB/OAEPPadding", "SunJCE");
            cipher.init(Cipher.DECRYPT_MODE, receiver.key(), new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        } else {
            cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding", "SunJCE");
            cipher.init(Cipher.DECRYPT_MODE, receiver.key());
        }
        byte[] key = cipher.doFinal(info.getEncryptedKey().getOctets());
        assertEquals(32, key.length);
        return key;
    }

    private static String decrypt(byte[] cms) throws Exception {
        RecipientInformation recipient = new CMSEnvelopedData(cms).getRecipientInfos().get(
                new JceKeyTransRecipientId(receiver.cert()));
        assertNotNull(recipient, "no recipient info found by the certificate's issuer and serial number");
        byte[] content =
                recipient.getContent(new JceKeyTransEnvelopedRecipient(receiver.key()).setProvider(TestPki.BC));
        return new String(content, StandardCharsets.UTF_8);
    }
}
