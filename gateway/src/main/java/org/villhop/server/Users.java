package org.villhop.server;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

import org.villhop.config.UserConfig;
import org.villhop.users.PasswordHasher;
import org.villhop.users.UserAccount;
import org.villhop.users.UserDirectory;

/** The submission users of a configuration: a hash as given, or the hash of the first line of a password file. */
final class Users {
    private Users() {
    }

    static UserDirectory load(List<UserConfig> users, Clock clock) throws IOException {
        PasswordHasher hasher = new PasswordHasher();
        List<UserAccount> accounts = new ArrayList<>();
        for (UserConfig user : users) {
            String hash = user.passwordHash();
            if (hash == null) {
                char[] password = Listeners.firstLine(user.passwordFile());
                try {
                    hash = hasher.hash(password);
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            accounts.add(new UserAccount(user.name(), hash, new HashSet<>(user.addresses())));
        }
        return UserDirectory.of(accounts, clock, UserDirectory.VERIFIED_LIFETIME);
    }
}
