package org.villhop.imap;

import java.util.Optional;

/**
 * Checks a user's credentials for LOGIN and AUTHENTICATE PLAIN. Returns the account whose mailboxes the session opens
 * (the canonical user name), or empty when the credentials are wrong. Implementations must not reveal which of the
 * user or the password was wrong, and must take about the same time either way.
 */
@FunctionalInterface
public interface ImapAuthenticator {
    Optional<String> authenticate(String user, String password);
}
