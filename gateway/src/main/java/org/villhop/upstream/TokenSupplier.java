package org.villhop.upstream;

import java.io.IOException;

/**
 * Gives an OAuth 2.0 access token for an upstream account; called at each connection, so it may refresh. The token is
 * a secret: it is never logged.
 */
@FunctionalInterface
public interface TokenSupplier {
    String accessToken() throws IOException;
}
