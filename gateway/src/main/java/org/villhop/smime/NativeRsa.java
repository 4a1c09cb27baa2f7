package org.villhop.smime;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.RSAPrivateKey;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * RSA private-key operations (the S/MIME signature) on AWS-LC, through the Amazon Corretto Crypto Provider, when its
 * native library loads on this platform and passes its self-tests; otherwise absent, and the JDK's RSA is used.
 *
 * <p>Why: the JDK's RSA-2048 signature runs on {@code BigInteger} without assembly (about 1 000 signatures/s per core
 * here), AWS-LC's as fast as OpenSSL's (about 3 200/s); one signature per message is the largest single cost of the
 * outbound pipeline. The provider is passed explicitly to the signer, never registered globally (TLS and everything
 * else keep the JDK's providers). PKCS#1 v1.5 signatures are deterministic: the bytes are those the JDK would produce.
 *
 * <p>A key from another provider is translated into AWS-LC's form once (translating it at every signature costs
 * more than the signature); translations are kept while the original key is in use.
 */
final class NativeRsa {

    private final Provider provider;
    private final KeyFactory keys;
    private final Map<PrivateKey, PrivateKey> translated = Collections.synchronizedMap(new WeakHashMap<>());

    private NativeRsa(Provider provider) throws GeneralSecurityException {
        this.provider = provider;
        this.keys = KeyFactory.getInstance("RSA", provider);
    }

    /** AWS-LC's RSA, or empty when the native library is missing, cannot load or fails its self-tests. */
    static Optional<NativeRsa> load() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                return Optional.empty();
            }
            accp.assertHealthy();
            return Optional.of(new NativeRsa(accp));
        } catch (LinkageError | RuntimeException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** Why {@link #load()} finds nothing here: the provider's loading error or self-test failure, in one line. */
    static String unavailableReason() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = accp.getLoadingError();
            if (error != null) {
                return "its native library does not load on " + System.getProperty("os.name") + "/"
                        + System.getProperty("os.arch") + ": " + error.getMessage();
            }
            accp.assertHealthy();
            return "it is available";
        } catch (LinkageError | RuntimeException e) {
            return "it fails to start: " + e;
        }
    }

    Provider provider() {
        return provider;
    }

    /** {@code key} in the provider's own form (translated once per key object). */
    PrivateKey key(RSAPrivateKey key) throws GeneralSecurityException {
        PrivateKey known = translated.get(key);
        if (known != null) {
            return known;
        }
        PrivateKey own = (PrivateKey) keys.translateKey(key);
        translated.put(key, own);
        return own;
    }

    /** Name and versions, for diagnostics: "AmazonCorrettoCryptoProvider 2.5.0 (AWS-LC v1.47.0)". */
    String description() {
        AmazonCorrettoCryptoProvider accp = (AmazonCorrettoCryptoProvider) provider;
        return accp.getName() + " " + accp.getVersionStr() + " (" + accp.getAwsLcVersionStr() + ")";
    }
}
