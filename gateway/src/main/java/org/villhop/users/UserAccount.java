package org.villhop.users;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A person or service that may submit mail.
 *
 * @param username     the AUTH identity
 * @param passwordHash a {@link PasswordHasher} hash (never the password)
 * @param senders      the addresses this user may use in MAIL FROM and in the From/Sender headers (compared without
 *                     regard to case)
 */
public record UserAccount(String username, String passwordHash, Set<String> senders) {
    public UserAccount {
        Objects.requireNonNull(username, "username");
        if (username.isBlank()) {
            throw new IllegalArgumentException("a username cannot be blank");
        }
        if (!PasswordHasher.isValidHash(passwordHash)) {
            throw new IllegalArgumentException("password of user " + username + " is not a pbkdf2-sha256 hash");
        }
        senders = senders.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** True when this user may send as {@code address}. */
    public boolean maySendAs(String address) {
        return senders.contains(address.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "UserAccount[" + username + ", senders=" + senders + "]";
    }
}
