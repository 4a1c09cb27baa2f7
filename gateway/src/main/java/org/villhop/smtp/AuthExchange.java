package org.villhop.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/** The SASL framing of AUTH PLAIN (RFC 4616) and AUTH LOGIN: reads the credentials, never logs them. */
final class AuthExchange {
    private static final String USERNAME_PROMPT = "VXNlcm5hbWU6";
    private static final String PASSWORD_PROMPT = "UGFzc3dvcmQ6";

    /** Where the exchange reads continuation lines and sends 334 challenges. */
    interface Channel {
        String challenge(String base64Prompt) throws IOException;
    }

    /** Decoded credentials; {@link #clear} wipes the password. */
    record Credentials(String username, char[] password) {
        void clear() {
            Arrays.fill(password, '\0');
        }
    }

    private AuthExchange() {
    }

    /**
     * Runs the mechanism named in {@code arg} ({@code PLAIN [initial]} or {@code LOGIN [initial]}).
     *
     * @throws SyntaxError with the reply for an unknown mechanism, a cancelled exchange or undecodable data
     */
    static Credentials run(String arg, Channel channel) throws IOException, SyntaxError {
        String[] words = arg == null ? new String[0] : arg.trim().split(" +");
        if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
            throw new SyntaxError(501, "5.5.4", "syntax: AUTH mechanism [initial-response]");
        }
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initial = words.length == 2 ? words[1] : null;
        return switch (mechanism) {
            case "PLAIN" -> plain(initial != null ? initial : channel.challenge(""));
            case "LOGIN" -> {
                String user = decode(initial != null ? initial : channel.challenge(USERNAME_PROMPT));
                String password = decode(channel.challenge(PASSWORD_PROMPT));
                yield new Credentials(user, password.toCharArray());
            }
            default -> throw new SyntaxError(504, "5.5.4", "unsupported authentication mechanism " + mechanism
                    + " (PLAIN and LOGIN are offered)");
        };
    }

    private static Credentials plain(String response) throws SyntaxError {
        String decoded = decode(response);
        String[] parts = decoded.split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            throw new SyntaxError(501, "5.5.2", "AUTH PLAIN response must be authzid NUL authcid NUL password");
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            throw new SyntaxError(535, "5.7.8", "authorization identity differs from the authentication identity");
        }
        return new Credentials(parts[1], parts[2].toCharArray());
    }

    private static String decode(String base64) throws SyntaxError {
        if (base64.equals("*")) {
            throw new SyntaxError(501, "5.0.0", "authentication cancelled");
        }
        if (base64.equals("=")) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SyntaxError(501, "5.5.2", "cannot decode base64 response");
        }
    }
}
