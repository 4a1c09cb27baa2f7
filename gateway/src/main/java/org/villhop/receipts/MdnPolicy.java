package org.villhop.receipts;

import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** RFC 8098 §2.1–2.2: when an MDN may be sent without asking a human. */
final class MdnPolicy {
    private MdnPolicy() {
    }

    /** Why the MDN needs a human, or empty when it may be sent automatically. */
    static Optional<String> refusal(String dispositionNotificationTo, Optional<String> returnPath, String options) {
        InternetAddress[] to;
        try {
            to = InternetAddress.parseHeader(dispositionNotificationTo, false);
        } catch (AddressException e) {
            return Optional.of("Disposition-Notification-To is not a valid address: " + dispositionNotificationTo.strip());
        }
        if (to.length != 1) {
            return Optional.of("Disposition-Notification-To names " + to.length
                    + " addresses: only one is answered automatically");
        }
        if (returnPath.isEmpty()) {
            return Optional.of("the Return-Path of the message is unknown: Disposition-Notification-To cannot be checked");
        }
        String path = MessageIds.address(returnPath.get());
        if (!to[0].getAddress().equalsIgnoreCase(path)) {
            return Optional.of("Disposition-Notification-To <" + to[0].getAddress() + "> differs from the Return-Path <"
                    + path + ">");
        }
        if (options != null && options.toLowerCase(Locale.ROOT).replaceAll("\\s+", "").contains("=required")) {
            return Optional.of("Disposition-Notification-Options has a required option villhop does not support: "
                    + options.strip());
        }
        return Optional.empty();
    }

    static InternetAddress single(String dispositionNotificationTo) {
        try {
            return InternetAddress.parseHeader(dispositionNotificationTo, false)[0];
        } catch (AddressException e) {
            throw new ReceiptException("Disposition-Notification-To: " + e.getMessage(), e);
        }
    }
}
