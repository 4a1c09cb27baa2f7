package org.villhop.imap;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Test accounts checked against PBKDF2-HMAC-SHA256 hashes, as the real user directory stores them. */
final class TestAccounts implements ImapAuthenticator {

    private record Hash(byte[] salt, byte[] value) {
    }

    private final Map<String, Hash> hashes = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    TestAccounts add(String user, String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        hashes.put(user, new Hash(salt, derive(password, salt)));
        return this;
    }

    @Override
    public Optional<String> authenticate(String user, String password) {
        Hash hash = hashes.get(user);
        byte[] given = derive(password, hash == null ? new byte[16] : hash.salt());
        return hash != null && MessageDigest.isEqual(given, hash.value()) ? Optional.of(user) : Optional.empty();
    }

    private static byte[] derive(String password, byte[] salt) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 10_000, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
