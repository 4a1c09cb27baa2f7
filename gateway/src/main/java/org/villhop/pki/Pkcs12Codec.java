package org.villhop.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * PKCS#12 files for keys at rest. Written with PBES2: AES-256-CBC encryption under a PBKDF2-HMAC-SHA256 key, for the
 * key bag and for the certificate bags, and an HMAC-SHA256 integrity MAC; never RC2 or 3DES. Read with the JDK's
 * PKCS#12 reader, which also accepts the files openssl and other tools write.
 */
public final class Pkcs12Codec {
    /** PBKDF2 iterations for key and certificate encryption. */
    public static final int DEFAULT_ITERATIONS = 100_000;

    private final int iterations;

    public Pkcs12Codec() {
        this(DEFAULT_ITERATIONS);
    }

    public Pkcs12Codec(int iterations) {
        if (iterations < 10_000) {
            throw new IllegalArgumentException("PKCS#12 iteration count below 10000: " + iterations);
        }
        this.iterations = iterations;
    }

    public byte[] write(Identity identity, char[] password) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            var keyId = ext.createSubjectKeyIdentifier(identity.certificate().getPublicKey());
            List<PKCS12SafeBag> certBags = new ArrayList<>();
            for (int i = 0; i < identity.chain().size(); i++) {
                X509Certificate c = identity.chain().get(i);
                PKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(c);
                if (i == 0) {
                    bag.addBagAttribute(PKCS12SafeBag.friendlyNameAttribute, new DERBMPString(identity.alias()));
                    bag.addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, keyId);
                }
                certBags.add(bag.build());
            }
            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(identity.privateKey(), encryptor(password));
            keyBag.addBagAttribute(PKCS12SafeBag.friendlyNameAttribute, new DERBMPString(identity.alias()));
            keyBag.addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, keyId);

            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addEncryptedData(encryptor(password), certBags.toArray(PKCS12SafeBag[]::new));
            pfx.addData(keyBag.build());
            return pfx.build(new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256).setProvider(Bc.PROVIDER)
                    .setIterationCount(iterations), password).getEncoded();
        } catch (GeneralSecurityException | IOException | OperatorCreationException | PKCSException e) {
            throw new PkiException("cannot write the PKCS#12 file: " + e.getMessage(), e);
        }
    }

    private OutputEncryptor encryptor(char[] password) throws OperatorCreationException {
        return new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                .setProvider(Bc.PROVIDER)
                .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
                .setIterationCount(iterations)
                .build(password);
    }

    /**
     * Reads every key entry (with its chain) of a PKCS#12 file. {@code source} names the file in error messages.
     *
     * @throws PkiException when the password is wrong, the file is not PKCS#12, or it holds no private key
     */
    public List<Identity> read(byte[] content, char[] password, String source) {
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12", "SUN");
            store.load(new ByteArrayInputStream(content), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new PkiException(source + ": wrong password for this PKCS#12 file");
            }
            throw new PkiException(source + ": not a PKCS#12 file or damaged (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new PkiException(source + ": cannot read this PKCS#12 file (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new PkiException(source + ": not a PKCS#12 file or damaged (" + e + ")");
        }
        try {
            List<Identity> identities = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, password);
                Certificate[] chain = store.getCertificateChain(alias);
                if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                    continue;
                }
                List<X509Certificate> certificates = new ArrayList<>();
                for (Certificate c : chain) {
                    certificates.add((X509Certificate) c);
                }
                identities.add(new Identity(alias, privateKey, certificates));
            }
            if (identities.isEmpty()) {
                throw new PkiException(source + ": this PKCS#12 file holds no private key with a certificate");
            }
            return identities;
        } catch (UnrecoverableKeyException e) {
            throw new PkiException(source + ": wrong password for the private key in this PKCS#12 file");
        } catch (GeneralSecurityException e) {
            throw new PkiException(source + ": cannot read the key in this PKCS#12 file (" + e.getMessage() + ")");
        }
    }
}
