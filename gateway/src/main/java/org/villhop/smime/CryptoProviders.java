package org.villhop.smime;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA providers each operation uses, passed explicitly (BouncyCastle is never registered globally): the JDK's own
 * for AES, SHA-2 and RSA (they use CPU intrinsics), BouncyCastle for what the JDK lacks (OAEP parameters, ECDH with
 * the CMS key derivation, RSA-PSS signatures in CMS, streaming GCM decryption).
 */
record CryptoProviders(Provider jdkCipher, Provider jdkDigest, Provider jdkRsa, Provider jdkEc, Provider bc) {

    static CryptoProviders standard() {
        return new CryptoProviders(require("SunJCE"), require("SUN"), require("SunRsaSign"), require("SunEC"),
                new BouncyCastleProvider());
    }

    private static Provider require(String name) {
        Provider provider = Security.getProvider(name);
        if (provider == null) {
            throw new IllegalStateException("the JDK provider " + name + " is missing");
        }
        return provider;
    }
}
