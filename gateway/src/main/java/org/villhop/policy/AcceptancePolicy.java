package org.villhop.policy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.villhop.users.UserAccount;
import org.villhop.users.UserDirectory;

/**
 * What the listeners accept. No open relay: an unauthenticated peer may only send to local domains, and only to
 * mailboxes that exist there; an authenticated user may send anywhere, but only as an address the user is allowed
 * (envelope MAIL FROM, and every address of the From and Sender headers), and the envelope must match the message
 * (the Direct "tamper" rule, {@link TamperRule}).
 */
public final class AcceptancePolicy {
    private final Set<String> localDomains;
    private final Predicate<String> localMailbox;
    private final UserDirectory users;
    private final TamperRule.Mode tamperRule;

    /** A policy enforcing the whole Direct tamper rule. */
    public AcceptancePolicy(Set<String> localDomains, Predicate<String> localMailbox, UserDirectory users) {
        this(localDomains, localMailbox, users, TamperRule.Mode.ENFORCE);
    }

    /**
     * @param localDomains the domains this gateway receives mail for
     * @param localMailbox true for an address (lower-case) that exists in a local domain
     * @param users        the submitting users and the addresses each may send as
     * @param tamperRule   how much of the Direct tamper rule authenticated submissions must respect
     */
    public AcceptancePolicy(Set<String> localDomains, Predicate<String> localMailbox, UserDirectory users,
                            TamperRule.Mode tamperRule) {
        this.tamperRule = tamperRule;
        this.localDomains = localDomains.stream().map(d -> d.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.localMailbox = localMailbox;
        this.users = users;
    }

    /** True when {@code address}'s domain is local. */
    public boolean isLocal(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && localDomains.contains(address.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /** MAIL FROM: an authenticated user must use one of the addresses allowed to that user. */
    public Verdict checkSender(Submitter submitter, String reversePath) {
        if (!submitter.authenticated()) {
            return Verdict.accept();
        }
        Optional<UserAccount> user = users.find(submitter.authenticatedUser());
        if (user.isEmpty() || reversePath.isEmpty() || !user.get().maySendAs(reversePath)) {
            return Verdict.refuse(550, "5.7.1", "user " + submitter.authenticatedUser() + " may not send as <"
                    + reversePath + ">");
        }
        return Verdict.accept();
    }

    /** RCPT TO: local mailboxes must exist; other domains only for authenticated users. */
    public Verdict checkRecipient(Submitter submitter, String forwardPath) {
        if (isLocal(forwardPath)) {
            if (!localMailbox.test(forwardPath.toLowerCase(Locale.ROOT))) {
                return Verdict.refuse(550, "5.1.1", "no such mailbox here: <" + forwardPath + ">");
            }
            return Verdict.accept();
        }
        if (!submitter.authenticated()) {
            return Verdict.refuse(550, "5.7.1", "relaying to <" + forwardPath
                    + "> denied: authenticate to send outside the local domains");
        }
        return Verdict.accept();
    }

    /**
     * After DATA, reading the spooled message: an authenticated user's From and Sender headers must only name
     * addresses the user may send as, and a From header must be present.
     */
    public Verdict checkHeaders(Submitter submitter, InputStream message) throws IOException {
        if (!submitter.authenticated()) {
            return Verdict.accept();
        }
        try {
            return checkHeaders(submitter, HeaderBlock.read(message));
        } catch (HeaderBlock.HeaderTooLargeException e) {
            return headersTooLarge();
        }
    }

    /** The refusal for a header section beyond {@link HeaderBlock#MAX_BYTES}. */
    public static Verdict headersTooLarge() {
        return Verdict.refuse(552, "5.3.4", "message header section is larger than " + HeaderBlock.MAX_BYTES
                + " bytes");
    }

    /** {@link #checkHeaders(Submitter, InputStream)} on headers already read. */
    public Verdict checkHeaders(Submitter submitter, HeaderBlock headers) {
        if (!submitter.authenticated()) {
            return Verdict.accept();
        }
        List<String> from = headers.values("From");
        if (from.isEmpty()) {
            return Verdict.refuse(550, "5.6.0", "message has no From header");
        }
        UserAccount user = users.find(submitter.authenticatedUser()).orElse(null);
        for (String field : List.of("From", "Sender")) {
            for (String value : headers.values(field)) {
                List<String> addresses;
                try {
                    addresses = addresses(value);
                } catch (AddressException e) {
                    return Verdict.refuse(550, "5.6.0", "header " + field + " cannot be parsed: " + e.getMessage());
                }
                for (String address : addresses) {
                    if (user == null || !user.maySendAs(address)) {
                        return Verdict.refuse(550, "5.7.1", "header " + field + " <" + address + "> is not an address "
                                + submitter.authenticatedUser() + " may send as");
                    }
                }
            }
        }
        return Verdict.accept();
    }

    /**
     * {@link #checkHeaders(Submitter, HeaderBlock)}, then for an authenticated user the Direct {@link TamperRule}:
     * the envelope ({@code reversePath}, {@code recipients}) must match the From/Sender and To/Cc headers.
     */
    public Verdict checkHeaders(Submitter submitter, HeaderBlock headers, String reversePath,
                                List<String> recipients) {
        Verdict verdict = checkHeaders(submitter, headers);
        if (!verdict.accepted() || !submitter.authenticated()) {
            return verdict;
        }
        return TamperRule.check(tamperRule, reversePath, recipients, headers);
    }

    private static List<String> addresses(String headerValue) throws AddressException {
        List<String> result = new ArrayList<>();
        for (InternetAddress address : InternetAddress.parseHeader(headerValue, true)) {
            if (address.isGroup()) {
                for (InternetAddress member : address.getGroup(true)) {
                    result.add(member.getAddress());
                }
            } else {
                result.add(address.getAddress());
            }
        }
        if (result.isEmpty()) {
            throw new AddressException("no address in \"" + headerValue + "\"");
        }
        return result;
    }
}
