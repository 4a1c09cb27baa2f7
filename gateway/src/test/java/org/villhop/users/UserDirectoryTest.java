package org.villhop.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class UserDirectoryTest {
    private final PasswordHasher hasher = new PasswordHasher(10_000);

    @Test
    void rightPasswordAuthenticatesAndWrongOrUnknownDoesNot() {
        UserDirectory users = UserDirectory.of(List.of(new UserAccount("alice",
                hasher.hash("s3cret".toCharArray()), Set.of("Alice@Hopital.test"))));
        assertEquals("alice", users.authenticate("alice", "s3cret".toCharArray()).orElseThrow().username());
        assertTrue(users.authenticate("alice", "S3cret".toCharArray()).isEmpty());
        assertTrue(users.authenticate("mallory", "s3cret".toCharArray()).isEmpty());
        assertTrue(users.find("alice").orElseThrow().maySendAs("alice@HOPITAL.test"));
        assertFalse(users.find("alice").orElseThrow().maySendAs("bob@hopital.test"));
    }

    @Test
    void samePasswordHashesDifferentlyEachTimeAndNeverContainsThePassword() {
        String a = hasher.hash("s3cret".toCharArray());
        String b = hasher.hash("s3cret".toCharArray());
        assertNotEquals(a, b);
        assertFalse(a.contains("s3cret"));
        assertTrue(a.startsWith("pbkdf2-sha256$10000$"));
        assertTrue(PasswordHasher.matches("s3cret".toCharArray(), b));
        assertFalse(PasswordHasher.matches("s3cret".toCharArray(), "plain:s3cret"));
    }

    @Test
    void accountWithAClearTextPasswordIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UserAccount("bob", "s3cret", Set.of()));
        assertEquals("password of user bob is not a pbkdf2-sha256 hash", e.getMessage());
    }

    @Test
    void tooFewIterationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(1000));
    }
}
