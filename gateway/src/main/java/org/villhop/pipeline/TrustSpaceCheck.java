package org.villhop.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Outbound policy: a recipient whose domain is outside the trust-space whitelist is refused with 5.7.1 and a reason
 * naming the domain and the setting, so that the failure DSN tells the sender exactly why.
 */
public final class TrustSpaceCheck implements RecipientCheck {
    private final Predicate<String> inTrustSpace;

    /** @param inTrustSpace true for a domain (lower case) inside the trust space */
    public TrustSpaceCheck(Predicate<String> inTrustSpace) {
        this.inTrustSpace = inTrustSpace;
    }

    /**
     * The check for a whitelist as configured ({@code security.trust-space}): exact domains, and "*.example" entries
     * matching every subdomain of example.
     */
    public static TrustSpaceCheck of(List<String> trustSpace) {
        Set<String> entries = trustSpace.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return new TrustSpaceCheck(domain -> {
            if (entries.contains(domain)) {
                return true;
            }
            for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
                if (entries.contains("*" + domain.substring(dot))) {
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public void check(MessageContext context) {
        for (String recipient : context.accepted()) {
            String domain = recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            if (!inTrustSpace.test(domain)) {
                context.refuse(recipient, new Refusal("5.7.1", "domain " + domain
                        + " is outside the MSSanté trust space (security.trust-space): not sent"));
            }
        }
    }
}
