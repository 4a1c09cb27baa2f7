package org.villhop.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A user who may submit mail.
 *
 * @param name         login name
 * @param passwordHash a password hash in the format of {@code org.villhop.users}, or null
 * @param passwordFile a file whose first line is the password, or null (exactly one of the two is set)
 * @param addresses    the addresses this user may send as (MAIL FROM and header From/Sender)
 * @param automaticReceipts true for an automatic service mailbox: villhop answers a {@code Disposition-Notification-To}
 *                     request on mail delivered to these addresses with the ANS MDN {@code processed}
 * @param sentCopy     true (the default) to store a copy of each message the user submits in their Sent folder
 */
public record UserConfig(String name, String passwordHash, Path passwordFile, List<String> addresses,
                         boolean automaticReceipts, boolean sentCopy) {
    public UserConfig {
        addresses = List.copyOf(addresses);
    }
}
