package org.villhop.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The Direct "tamper" rule, applied to what an authenticated user submits: the envelope must say what the message
 * says. MAIL FROM must be one of the From or Sender header addresses, and (in {@link Mode#ENFORCE}) every RCPT TO must
 * appear in the To or Cc header. A mismatch is refused with {@code 550 5.7.1} naming the address and the header.
 */
public final class TamperRule {
    /** How much of the rule applies. */
    public enum Mode {
        /** MAIL FROM in From/Sender, and every RCPT TO in To/Cc (no blind copies through the gateway). */
        ENFORCE("enforce"),
        /** Only MAIL FROM in From/Sender: for mail clients that send blind copies (Bcc) in the same transaction. */
        SENDER_ONLY("sender-only");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Mode fromConfigName(String name) {
            for (Mode m : values()) {
                if (m.configName.equals(name.strip().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not one of enforce, sender-only");
        }
    }

    private TamperRule() {
    }

    /**
     * @param reversePath the MAIL FROM address
     * @param recipients  the accepted RCPT TO addresses
     * @param headers     the message's header section
     */
    public static Verdict check(Mode mode, String reversePath, List<String> recipients, HeaderBlock headers) {
        Set<String> senders;
        Set<String> addressed;
        try {
            senders = addresses(headers, "From", "Sender");
            addressed = addresses(headers, "To", "Cc");
        } catch (AddressException e) {
            return Verdict.refuse(550, "5.6.0", "an address header cannot be parsed: " + e.getMessage());
        }
        if (!senders.contains(reversePath.toLowerCase(Locale.ROOT))) {
            return Verdict.refuse(550, "5.7.1", "MAIL FROM <" + reversePath + "> is not the From or Sender of the "
                    + "message " + senders + " (Direct tamper rule: the envelope must match the message)");
        }
        if (mode == Mode.ENFORCE) {
            for (String recipient : recipients) {
                if (!addressed.contains(recipient.toLowerCase(Locale.ROOT))) {
                    return Verdict.refuse(550, "5.7.1", "RCPT TO <" + recipient + "> is not in the To or Cc header "
                            + "(Direct tamper rule: every envelope recipient must be addressed in the message; send "
                            + "a blind copy as its own message)");
                }
            }
        }
        return Verdict.accept();
    }

    /** The addresses of these fields, lower case; groups contribute their members (an empty group none). */
    private static Set<String> addresses(HeaderBlock headers, String... fields) throws AddressException {
        Set<String> result = new HashSet<>();
        for (String field : fields) {
            for (String value : headers.values(field)) {
                List<InternetAddress> parsed = new ArrayList<>();
                for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                    if (address.isGroup()) {
                        parsed.addAll(List.of(address.getGroup(false)));
                    } else {
                        parsed.add(address);
                    }
                }
                parsed.forEach(a -> result.add(a.getAddress().toLowerCase(Locale.ROOT)));
            }
        }
        return result;
    }
}
