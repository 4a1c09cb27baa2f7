package org.villhop.policy;

/**
 * Who is sending, as the policy sees it.
 *
 * @param authenticatedUser the AUTH identity, or null for an unauthenticated peer
 * @param remoteAddress     the peer's IP address as text
 */
public record Submitter(String authenticatedUser, String remoteAddress) {
    public boolean authenticated() {
        return authenticatedUser != null;
    }
}
