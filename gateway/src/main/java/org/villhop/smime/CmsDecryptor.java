package org.villhop.smime;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.villhop.trust.AlgorithmPolicy;

/**
 * Opens CMS EnvelopedData or AuthEnvelopedData with the one key, among several, the message was encrypted for. The
 * content cipher must pass the {@link AlgorithmPolicy} (AES only) before anything is decrypted.
 */
final class CmsDecryptor {
    private final CryptoProviders providers;
    private final AlgorithmPolicy policy;

    CmsDecryptor(CryptoProviders providers, AlgorithmPolicy policy) {
        this.providers = providers;
        this.policy = policy;
    }

    /** The decrypted content, or the refusal. */
    record Result(InputStream content, SmimeVerdict refusal) {
    }

    Result decrypt(InputStream cms, boolean authenticated, List<SmimeIdentity> keys) throws IOException {
        try {
            RecipientInformationStore recipients;
            String cipherOid;
            if (authenticated) {
                CMSAuthEnvelopedDataParser parser = new CMSAuthEnvelopedDataParser(cms);
                recipients = parser.getRecipientInfos();
                cipherOid = parser.getEncAlgOID();
            } else {
                CMSEnvelopedDataParser parser = new CMSEnvelopedDataParser(cms);
                recipients = parser.getRecipientInfos();
                cipherOid = parser.getEncryptionAlgOID();
            }
            Optional<String> weak = policy.checkContentEncryption(cipherOid);
            if (weak.isPresent()) {
                return refuse(SmimeVerdict.Kind.WEAK_ALGORITHM, "the message is encrypted with " + weak.get());
            }
            for (SmimeIdentity identity : keys) {
                X509CertificateHolder holder = new JcaX509CertificateHolder(identity.certificate());
                for (RecipientInformation info : recipients.getRecipients()) {
                    if (matches(info, holder)) {
                        return new Result(info.getContentStream(recipient(info, identity, authenticated))
                                .getContentStream(), null);
                    }
                }
            }
            return refuse(SmimeVerdict.Kind.NO_DECRYPTION_KEY, "the message is encrypted for "
                    + describe(recipients.getRecipients()) + ", none of which is among the "
                    + keys.size() + " key(s) given");
        } catch (CertificateEncodingException e) {
            throw new IOException("a decryption certificate cannot be encoded", e);
        } catch (CMSException e) {
            return refuse(SmimeVerdict.Kind.DECRYPTION_FAILED, "cannot decrypt: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return refuse(SmimeVerdict.Kind.DECRYPTION_FAILED, "the decryption key cannot be used: " + e.getMessage());
        }
    }

    /** BouncyCastle's RecipientId is a raw Selector; it matches certificate holders by issuer/serial or key id. */
    @SuppressWarnings("unchecked")
    private static boolean matches(RecipientInformation info, X509CertificateHolder holder) {
        return info.getRID().match(holder);
    }

    private Recipient recipient(RecipientInformation info, SmimeIdentity identity, boolean authenticated)
            throws GeneralSecurityException {
        if (identity.key() instanceof ECPrivateKey) {
            JceKeyAgreeRecipient recipient = authenticated ? new JceKeyAgreeAuthEnvelopedRecipient(identity.key())
                    : new JceKeyAgreeEnvelopedRecipient(identity.key());
            recipient.setProvider(providers.bc());
            recipient.setContentProvider(authenticated ? providers.bc() : providers.jdkCipher());
            return recipient;
        }
        boolean pkcs1 = info instanceof KeyTransRecipientInformation
                && PKCSObjectIdentifiers.rsaEncryption.getId().equals(info.getKeyEncryptionAlgOID());
        CryptoProviders.KeyOnProvider unwrap = pkcs1 ? providers.rsaPrivate(identity.key(), providers.jdkCipher())
                : new CryptoProviders.KeyOnProvider(identity.key(), providers.bc());
        JceKeyTransRecipient recipient = authenticated ? new JceKeyTransAuthEnvelopedRecipient(unwrap.key())
                : new JceKeyTransEnvelopedRecipient(unwrap.key());
        recipient.setProvider(unwrap.provider());
        recipient.setContentProvider(authenticated ? providers.bc() : providers.jdkCipher());
        return recipient;
    }

    private static String describe(Collection<RecipientInformation> recipients) {
        List<String> ids = new ArrayList<>();
        for (RecipientInformation info : recipients) {
            ids.add(RecipientNames.describe(info.getRID()));
        }
        return ids.isEmpty() ? "nobody" : String.join("; ", ids);
    }

    private static Result refuse(SmimeVerdict.Kind kind, String reason) {
        return new Result(null, new SmimeVerdict(kind, reason, true, false, null, null));
    }
}
