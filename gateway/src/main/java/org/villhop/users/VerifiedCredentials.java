package org.villhop.users;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a short time, that a user's password was verified, so that a mail client that logs in again and
 * again (each SMTP submission, each IMAP connection) does not pay the deliberately slow password hash every time, as
 * Dovecot's authentication cache does. Only successes are remembered, as an HMAC of the password under a key made at
 * start and never stored; a failed login always pays the full hash. One entry per user at most.
 */
final class VerifiedCredentials {
    private record Entry(byte[] mac, Instant until) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration lifetime;

    VerifiedCredentials(Clock clock, Duration lifetime) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** True when this user's password was verified as {@code password} within the lifetime. */
    boolean recentlyVerified(String username, char[] password) {
        Entry entry = entries.get(username);
        if (entry == null || !clock.instant().isBefore(entry.until())) {
            return false;
        }
        return MessageDigest.isEqual(entry.mac(), mac(username, password));
    }

    /** Records a successful verification. */
    void verified(String username, char[] password) {
        if (!lifetime.isZero()) {
            entries.put(username, new Entry(mac(username, password), clock.instant().plus(lifetime)));
        }
    }

    private byte[] mac(String username, char[] password) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(username.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            hmac.update(bytes.duplicate());
            return hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        } finally {
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }
}
