package org.villhop.smime;

import java.io.IOException;
import java.io.OutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.IvParameterSpec;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.OutputEncryptor;

/**
 * Opens a CMS EnvelopedData (AES-CBC) or AuthEnvelopedData (AES-GCM) stream for a set of recipients: RSA recipients by
 * key transport (PKCS#1 v1.5 or OAEP-SHA-256), EC recipients by ECDH with one ephemeral P-256 key per message. AES runs
 * on the JDK's provider, PKCS#1 v1.5 key transport on AWS-LC where it runs.
 */
final class CmsEnveloping {
    /** RSA-OAEP with SHA-256 and MGF1-SHA-256, empty label. */
    private static final AlgorithmIdentifier OAEP_SHA256 = oaepSha256();
    private final CryptoProviders providers;
    /**
     * Per RSA recipient certificate and scheme: its key-transport generator, which parses the certificate when made.
     * Shared between messages and threads: BouncyCastle's RSA key wrap makes its Cipher at each call and keeps no
     * per-call state (read in 1.87's KeyTransRecipientInfoGenerator.generate and JceAsymmetricKeyWrapper).
     */
    private final PerKeyCache<KeyTransport, RecipientInfoGenerator> keyTransports = new PerKeyCache<>();
    /** For keys and IVs (BouncyCastle would otherwise make a SecureRandom per thread: per message on virtual threads). */
    private final SecureRandom random = new SecureRandom();

    CmsEnveloping(CryptoProviders providers) {
        this.providers = providers;
    }

    /** The stream to write the content to; closing it finishes the CMS structure (leaving {@code out} open). */
    OutputStream open(OutputStream out, List<X509Certificate> recipients, EncryptOptions options) throws IOException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient certificate is needed to encrypt");
        }
        try {
            List<RecipientInfoGenerator> infos = recipientInfos(recipients, options);
            JceCMSContentEncryptorBuilder builder = new JceCMSContentEncryptorBuilder(options.cipher().oid())
                    .setSecureRandom(random);
            if (options.cipher().authenticated()) {
                OutputAEADEncryptor encryptor = (OutputAEADEncryptor) builder.setProvider(providers.bc()).build();
                CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
                generator.setBufferSize(Mime.BUFFER);
                infos.forEach(generator::addRecipientInfoGenerator);
                return generator.open(Mime.keepOpen(out), encryptor);
            }
            OutputEncryptor encryptor = builder.setProvider(providers.jdkCipher()).setAlgorithmParameters(cbcIv()).build();
            CMSEnvelopedDataStreamGenerator generator = new CMSEnvelopedDataStreamGenerator();
            generator.setBufferSize(Mime.BUFFER);
            infos.forEach(generator::addRecipientInfoGenerator);
            return generator.open(Mime.keepOpen(out), encryptor);
        } catch (CMSException | GeneralSecurityException e) {
            throw new IOException("cannot prepare the encryption: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh random IV for AES-CBC. Given to BouncyCastle, which otherwise asks the JDK's provider for an AES
     * parameter generator it does not have, two exceptions thrown and caught per message.
     */
    private AlgorithmParameters cbcIv() throws GeneralSecurityException {
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("AES", providers.jdkCipher());
        parameters.init(new IvParameterSpec(iv));
        return parameters;
    }

    private List<RecipientInfoGenerator> recipientInfos(List<X509Certificate> recipients, EncryptOptions options)
            throws GeneralSecurityException {
        List<RecipientInfoGenerator> infos = new ArrayList<>();
        JceKeyAgreeRecipientInfoGenerator agree = null;
        for (X509Certificate recipient : recipients) {
            if (recipient.getPublicKey() instanceof ECPublicKey) {
                if (agree == null) {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", providers.jdkEc());
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    KeyPair ephemeral = generator.generateKeyPair();
                    agree = new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                            ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                            .setProvider(providers.bc());
                    infos.add(agree);
                }
                agree.addRecipient(recipient);
            } else {
                infos.add(keyTransport(recipient, options.rsaKeyTransport()));
            }
        }
        return infos;
    }

    private record KeyTransport(X509Certificate recipient, EncryptOptions.RsaKeyTransport scheme) {
    }

    /** PKCS#1 v1.5 on AWS-LC where it runs (else the JDK), OAEP on BouncyCastle; recipient by issuer and serial. */
    private RecipientInfoGenerator keyTransport(X509Certificate recipient, EncryptOptions.RsaKeyTransport scheme)
            throws GeneralSecurityException {
        return keyTransports.get(new KeyTransport(recipient, scheme), k ->
                k.scheme() == EncryptOptions.RsaKeyTransport.OAEP_SHA256
                        ? new JceKeyTransRecipientInfoGenerator(k.recipient(), OAEP_SHA256).setProvider(providers.bc())
                        : new JceKeyTransRecipientInfoGenerator(k.recipient()).setProvider(providers.rsaPublic()));
    }

    private static AlgorithmIdentifier oaepSha256() {
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                new RSAESOAEPparams(sha256, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256),
                        RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM));
    }
}
