package org.villhop.users;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The submitting users, immutable once built. A failed authentication costs the same whether or not the user exists;
 * a password verified in the last minutes is recognised without the slow hash ({@link VerifiedCredentials}).
 */
public final class UserDirectory {
    /** How long a verified password is remembered by default. */
    public static final Duration VERIFIED_LIFETIME = Duration.ofMinutes(10);

    private final Map<String, UserAccount> byName;
    /** Checked against when the user is unknown, with the iteration count of a real account. */
    private final String dummyHash;
    private final VerifiedCredentials verified;

    private UserDirectory(Map<String, UserAccount> byName, Clock clock, Duration verifiedLifetime) {
        this.byName = Map.copyOf(byName);
        this.verified = new VerifiedCredentials(clock, verifiedLifetime);
        int rounds = byName.values().stream().mapToInt(u -> Integer.parseInt(u.passwordHash().split("\\$")[1]))
                .max().orElse(10_000);
        this.dummyHash = new PasswordHasher(Math.max(rounds, 10_000)).hash("no such user".toCharArray());
    }

    /** A directory of these accounts (verified passwords remembered 10 minutes); duplicate usernames are refused. */
    public static UserDirectory of(Collection<UserAccount> accounts) {
        return of(accounts, Clock.systemUTC(), VERIFIED_LIFETIME);
    }

    /**
     * @param verifiedLifetime how long a verified password is recognised without the slow hash ({@code ZERO}: never)
     */
    public static UserDirectory of(Collection<UserAccount> accounts, Clock clock, Duration verifiedLifetime) {
        Map<String, UserAccount> map = new LinkedHashMap<>();
        for (UserAccount account : accounts) {
            if (map.put(account.username(), account) != null) {
                throw new IllegalArgumentException("user " + account.username() + " is defined twice");
            }
        }
        return new UserDirectory(map, clock, verifiedLifetime);
    }

    /** The account when the password is right, otherwise empty. */
    public Optional<UserAccount> authenticate(String username, char[] password) {
        UserAccount account = byName.get(username);
        if (account == null) {
            PasswordHasher.matches(password, dummyHash);
            return Optional.empty();
        }
        if (verified.recentlyVerified(username, password)) {
            return Optional.of(account);
        }
        if (!PasswordHasher.matches(password, account.passwordHash())) {
            return Optional.empty();
        }
        verified.verified(username, password);
        return Optional.of(account);
    }

    /** The account of a user, if defined. */
    public Optional<UserAccount> find(String username) {
        return Optional.ofNullable(byName.get(username));
    }

    /** The users who may send as {@code address}: the owners of that local mailbox, in definition order. */
    public java.util.List<UserAccount> owners(String address) {
        return byName.values().stream().filter(u -> u.maySendAs(address)).toList();
    }

    /** True when some user may send as {@code address} (a local mailbox by default). */
    public boolean anyUserSendsAs(String address) {
        return byName.values().stream().anyMatch(u -> u.maySendAs(address));
    }
}
