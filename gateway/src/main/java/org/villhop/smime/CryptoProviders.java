package org.villhop.smime;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.interfaces.RSAPrivateKey;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA providers each operation uses, passed explicitly (BouncyCastle is never registered globally): the JDK's own
 * for AES, SHA-2 and RSA (they use CPU intrinsics), BouncyCastle for what the JDK lacks (OAEP parameters, ECDH with
 * the CMS key derivation, RSA-PSS signatures in CMS, streaming GCM decryption), and AWS-LC for RSA PKCS#1 v1.5
 * signatures and key transport where its native library runs ({@link NativeRsa}).
 */
record CryptoProviders(Provider jdkCipher, Provider jdkDigest, Provider jdkRsa, Provider jdkEc, Provider bc,
                       Optional<NativeRsa> nativeRsa) {

    /** JVM option that keeps RSA on the JDK even where AWS-LC runs: {@code -Dvillhop.aws-lc=off}. */
    static final String AWS_LC_PROPERTY = "villhop.aws-lc";

    static CryptoProviders standard() {
        return new CryptoProviders(require("SunJCE"), require("SUN"), require("SunRsaSign"), require("SunEC"),
                new BouncyCastleProvider(), nativeRsaTurnedOff() ? Optional.empty() : NativeRsa.load());
    }

    /** Whether the JVM was started with {@code -Dvillhop.aws-lc=off}. */
    static boolean nativeRsaTurnedOff() {
        return "off".equalsIgnoreCase(System.getProperty(AWS_LC_PROPERTY, "on"));
    }

    /** A private key and the provider to use it with. */
    record KeyOnProvider(PrivateKey key, Provider provider) {
    }

    /**
     * Where an RSA private-key operation (PKCS#1 v1.5 signature or key transport) runs: on AWS-LC with its own form
     * of the key when it is available, else on {@code jdk} with the key as it is.
     */
    KeyOnProvider rsaPrivate(PrivateKey key, Provider jdk) throws GeneralSecurityException {
        if (key instanceof RSAPrivateKey rsa && nativeRsa.isPresent()) {
            return new KeyOnProvider(nativeRsa.get().key(rsa), nativeRsa.get().provider());
        }
        return new KeyOnProvider(key, jdk);
    }

    /**
     * Where an RSA public-key encryption (PKCS#1 v1.5 key transport) runs: AWS-LC when available (the JDK's RSA
     * public operation, on BigInteger, was 3 % of the relay's CPU), else the JDK's cipher provider.
     */
    Provider rsaPublic() {
        return nativeRsa.map(NativeRsa::provider).orElse(jdkCipher);
    }

    /** The same providers without AWS-LC: the JDK's RSA for everything (to compare, and where AWS-LC is refused). */
    CryptoProviders withoutNativeRsa() {
        return new CryptoProviders(jdkCipher, jdkDigest, jdkRsa, jdkEc, bc, Optional.empty());
    }

    private static Provider require(String name) {
        Provider provider = Security.getProvider(name);
        if (provider == null) {
            throw new IllegalStateException("the JDK provider " + name + " is missing");
        }
        return provider;
    }
}
