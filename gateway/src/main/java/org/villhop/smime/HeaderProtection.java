package org.villhop.smime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * RFC 8551 header protection on the reading side: the sender addresses to match against the signer, and the
 * comparison of the outer headers with their signed copies inside {@code message/rfc822}.
 */
final class HeaderProtection {
    /** Headers whose outer copy must equal the signed one when present outside. */
    private static final List<String> PROTECTED = List.of("From", "Sender", "Reply-To", "To", "Cc", "Subject", "Date",
            "Message-ID");

    private HeaderProtection() {
    }

    /** The addresses of From and Sender, lower case; unparseable addresses are left out. */
    static List<String> senders(MimeHeaders headers) {
        List<String> addresses = new ArrayList<>();
        for (String name : List.of("From", "Sender")) {
            Optional<String> value = headers.get(name);
            if (value.isEmpty()) {
                continue;
            }
            try {
                for (InternetAddress address : InternetAddress.parseHeader(value.get(), false)) {
                    if (address.getAddress() != null) {
                        addresses.add(address.getAddress().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (AddressException e) {
                // an unreadable From cannot match any signer: left out, the check then reports the mismatch
            }
        }
        return addresses;
    }

    /** The verdict, turned into {@link SmimeVerdict.Kind#HEADER_MISMATCH} when an outer header was altered. */
    static SmimeVerdict compare(MimeHeaders outer, MimeHeaders signed, SmimeVerdict verdict) {
        List<String> altered = new ArrayList<>();
        for (String name : PROTECTED) {
            Optional<String> outside = outer.get(name);
            if (outside.isPresent() && !normalized(outside.get()).equals(signed.get(name).map(HeaderProtection::normalized)
                    .orElse(null))) {
                altered.add(name + " (outside: \"" + outside.get() + "\", signed: \""
                        + signed.get(name).orElse("absent") + "\")");
            }
        }
        if (altered.isEmpty()) {
            return verdict;
        }
        return new SmimeVerdict(SmimeVerdict.Kind.HEADER_MISMATCH, "header(s) changed after signing: "
                + String.join("; ", altered), verdict.encrypted(), true, verdict.signer(), verdict.trust());
    }

    private static String normalized(String value) {
        return value.replaceAll("\\s+", " ").strip();
    }
}
