package org.villhop.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Whether a private key belongs to a certificate's public key: sign a probe and verify it. */
final class KeyPairCheck {
    private KeyPairCheck() {
    }

    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            String algorithm = KeyAlgorithm.signatureAlgorithm(publicKey);
            byte[] probe = "villhop key-pair check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(privateKey);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(signature);
        } catch (GeneralSecurityException | PkiException e) {
            return false;
        }
    }
}
