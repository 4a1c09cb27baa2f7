package org.villhop.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The key types the CA generates; every certificate it signs uses SHA-256. */
public enum KeyAlgorithm {
    RSA_2048("rsa-2048"),
    RSA_3072("rsa-3072"),
    EC_P256("ec-p256");

    private final String label;

    KeyAlgorithm(String label) {
        this.label = label;
    }

    /** The name users type: {@code rsa-2048}, {@code rsa-3072}, {@code ec-p256}. */
    public String label() {
        return label;
    }

    public static KeyAlgorithm fromLabel(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        for (KeyAlgorithm a : values()) {
            if (a.label.equals(wanted)) {
                return a;
            }
        }
        throw new PkiException("unknown key type '" + text + "' (expected one of "
                + Arrays.stream(values()).map(KeyAlgorithm::label).collect(Collectors.joining(", ")) + ")");
    }

    public KeyPair generate(SecureRandom random) {
        try {
            if (this == EC_P256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"), random);
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(this == RSA_2048 ? 2048 : 3072, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate a " + label + " key: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 signature algorithm a key of this family signs with. */
    static String signatureAlgorithm(PublicKey key) {
        if (key instanceof ECPublicKey) {
            return "SHA256withECDSA";
        }
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        throw new PkiException("unsupported key type " + key.getAlgorithm() + " (RSA or EC P-256 expected)");
    }

    /** True for keys that encrypt by key agreement (EC) rather than key transport (RSA). */
    static boolean isEc(PublicKey key) {
        return key instanceof ECPublicKey;
    }
}
