package org.villhop.smtp;

import java.util.regex.Pattern;

/** RFC 5321 paths ({@code <local@domain>}, {@code <>}) and RFC 3461 xtext. */
final class PathSyntax {
    private static final Pattern ATOM_TEXT = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("\\[(?:[0-9.]{7,15}|IPv6:[0-9A-Fa-f:.]{2,45})]");

    private PathSyntax() {
    }

    /**
     * The mailbox inside {@code <...>} (source route dropped), or {@code ""} for {@code <>} when {@code nullAllowed}.
     *
     * @param arg      the text after {@code FROM:} / {@code TO:} up to the first space outside the brackets
     * @param utf8     true when SMTPUTF8 was given (non-ASCII allowed)
     * @param badCode  the enhanced code for a bad address ({@code 5.1.7} sender, {@code 5.1.3} recipient)
     */
    static String mailbox(String arg, boolean nullAllowed, boolean utf8, String badCode) throws SyntaxError {
        if (arg.length() < 2 || arg.charAt(0) != '<' || arg.charAt(arg.length() - 1) != '>') {
            throw new SyntaxError(501, "5.5.4", "path must be enclosed in <>: " + arg);
        }
        String path = arg.substring(1, arg.length() - 1);
        if (path.isEmpty()) {
            if (nullAllowed) {
                return "";
            }
            throw new SyntaxError(501, badCode, "the null path <> is not allowed here");
        }
        if (path.startsWith("@")) {
            int colon = path.indexOf(':');
            if (colon < 0) {
                throw new SyntaxError(501, badCode, "malformed source route in " + arg);
            }
            path = path.substring(colon + 1);
        }
        if (path.length() > 254) {
            throw new SyntaxError(501, badCode, "address longer than 254 octets");
        }
        if (!utf8 && !path.chars().allMatch(c -> c < 0x80)) {
            throw new SyntaxError(553, "5.6.7", "non-ASCII address needs the SMTPUTF8 parameter");
        }
        int at = path.lastIndexOf('@');
        if (at <= 0 || at == path.length() - 1) {
            throw new SyntaxError(501, badCode, "address must be local-part@domain: " + path);
        }
        String local = path.substring(0, at);
        String domain = path.substring(at + 1);
        if (!validLocalPart(local, utf8)) {
            throw new SyntaxError(501, badCode, "invalid local part in " + path);
        }
        if (!validDomain(domain, utf8)) {
            throw new SyntaxError(501, badCode, "invalid domain in " + path);
        }
        return path;
    }

    private static boolean validLocalPart(String local, boolean utf8) {
        if (local.length() > 64 && !utf8) {
            return false;
        }
        if (local.startsWith("\"") && local.endsWith("\"") && local.length() >= 2) {
            String inner = local.substring(1, local.length() - 1);
            return inner.chars().allMatch(c -> c >= 32 && c != 127) && !inner.replace("\\\\", "")
                    .replace("\\\"", "").contains("\"");
        }
        for (String atom : local.split("\\.", -1)) {
            if (atom.isEmpty()) {
                return false;
            }
            if (!ATOM_TEXT.matcher(atom).matches() && !(utf8 && atom.chars().allMatch(c -> c >= 0x80
                    || ATOM_TEXT.matcher(String.valueOf((char) c)).matches()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean validDomain(String domain, boolean utf8) {
        if (domain.startsWith("[")) {
            return ADDRESS_LITERAL.matcher(domain).matches();
        }
        if (domain.length() > 253) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            boolean ascii = LABEL.matcher(label).matches();
            boolean unicode = utf8 && !label.isEmpty() && label.length() <= 63
                    && label.codePoints().allMatch(c -> c >= 0x80 || Character.isLetterOrDigit(c) || c == '-');
            if (!ascii && !unicode) {
                return false;
            }
        }
        return true;
    }

    /** Decodes RFC 3461 xtext ({@code +HH} escapes; printable ASCII except {@code +} and {@code =}). */
    static String xtext(String value, String what) throws SyntaxError {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+') {
                if (i + 3 > value.length()) {
                    throw new SyntaxError(501, "5.5.4", "truncated +HH escape in " + what);
                }
                String hex = value.substring(i + 1, i + 3);
                if (!hex.matches("[0-9A-F]{2}")) {
                    throw new SyntaxError(501, "5.5.4", "bad xtext escape +" + hex + " in " + what);
                }
                out.append((char) Integer.parseInt(hex, 16));
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                throw new SyntaxError(501, "5.5.4", "character not allowed in xtext of " + what);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
