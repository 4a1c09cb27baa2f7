package org.villhop.imap;

import java.util.regex.Pattern;

import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;

/**
 * Mailbox names as IMAP carries them (RFC 3501 section 5.1.3): printable US-ASCII, any other character in modified
 * UTF-7 ({@code &} starts a shift ended by {@code -}; {@code &-} is {@code &}).
 */
public final class MailboxNames {

    private static final Pattern MODIFIED_UTF7 = Pattern.compile("(?:[\\x20-\\x25\\x27-\\x7e]|&-|&[A-Za-z0-9+,]+-)*");

    private MailboxNames() {
    }

    /** Whether {@code name} is already in IMAP's form. */
    public static boolean isModifiedUtf7(String name) {
        return MODIFIED_UTF7.matcher(name).matches();
    }

    /**
     * The IMAP form of a name a person typed: unchanged when it already is one ({@code Dossiers/M&AOk-decins}),
     * else encoded ({@code Dossiers/Médecins}, {@code R&D}), with Angus Mail's modified UTF-7 encoder.
     */
    public static String imapForm(String name) {
        return isModifiedUtf7(name) ? name : BASE64MailboxEncoder.encode(name);
    }
}
