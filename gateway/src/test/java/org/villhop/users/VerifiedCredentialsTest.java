package org.villhop.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.villhop.testing.MutableClock;

class VerifiedCredentialsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    @Test
    void aVerifiedPasswordIsRecognisedUntilItsLifetimeEnds() {
        VerifiedCredentials cache = new VerifiedCredentials(clock, Duration.ofMinutes(10));
        assertFalse(cache.recentlyVerified("alice", "s3cret".toCharArray()), "nothing is known before a login");
        cache.verified("alice", "s3cret".toCharArray());
        assertTrue(cache.recentlyVerified("alice", "s3cret".toCharArray()));
        clock.advance(Duration.ofMinutes(9));
        assertTrue(cache.recentlyVerified("alice", "s3cret".toCharArray()));
        clock.advance(Duration.ofMinutes(1));
        assertFalse(cache.recentlyVerified("alice", "s3cret".toCharArray()), "expired after 10 minutes");
    }

    @Test
    void anotherPasswordOrAnotherUserIsNeverRecognised() {
        VerifiedCredentials cache = new VerifiedCredentials(clock, Duration.ofMinutes(10));
        cache.verified("alice", "s3cret".toCharArray());
        assertFalse(cache.recentlyVerified("alice", "S3cret".toCharArray()));
        assertFalse(cache.recentlyVerified("alice", "s3cret ".toCharArray()));
        assertFalse(cache.recentlyVerified("bob", "s3cret".toCharArray()));
    }

    @Test
    void aZeroLifetimeRemembersNothing() {
        VerifiedCredentials cache = new VerifiedCredentials(clock, Duration.ZERO);
        cache.verified("alice", "s3cret".toCharArray());
        assertFalse(cache.recentlyVerified("alice", "s3cret".toCharArray()));
    }

    @Test
    void theDirectoryStillRefusesWrongPasswordsAfterARightOneAndRechecksAfterTheLifetime() {
        UserDirectory users = UserDirectory.of(List.of(new UserAccount("alice",
                new PasswordHasher(10_000).hash("s3cret".toCharArray()), Set.of("alice@hopital.test"))),
                clock, Duration.ofMinutes(10));
        assertEquals("alice", users.authenticate("alice", "s3cret".toCharArray()).orElseThrow().username());
        assertTrue(users.authenticate("alice", "wrong".toCharArray()).isEmpty());
        assertEquals("alice", users.authenticate("alice", "s3cret".toCharArray()).orElseThrow().username());
        clock.advance(Duration.ofHours(1));
        assertEquals("alice", users.authenticate("alice", "s3cret".toCharArray()).orElseThrow().username(),
                "after the lifetime the password is checked against its hash again");
        assertTrue(users.authenticate("mallory", "s3cret".toCharArray()).isEmpty());
    }
}
