package org.villhop.smtp;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.villhop.queue.BodyType;
import org.villhop.queue.DsnReturn;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.queue.Notify;

/** Parses the arguments of MAIL FROM and RCPT TO, with their ESMTP parameters (SIZE, BODY, SMTPUTF8, DSN). */
final class CommandSyntax {
    private CommandSyntax() {
    }

    /** {@code FROM:<path> [params]}. */
    static MailFrom mailFrom(String arg) throws SyntaxError {
        String[] parts = pathAndParams(arg, "FROM:", "MAIL FROM:<address> [parameters]");
        long size = -1;
        BodyType body = BodyType.SEVEN_BIT;
        DsnReturn ret = null;
        String envid = null;
        boolean utf8 = false;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String key = key(parts[i]);
            String value = value(parts[i]);
            if (!seen.add(key)) {
                throw new SyntaxError(501, "5.5.4", "parameter " + key + " given twice");
            }
            switch (key) {
                case "SIZE" -> {
                    if (value == null || !value.matches("[0-9]{1,18}")) {
                        throw new SyntaxError(501, "5.5.4", "SIZE needs a number of octets");
                    }
                    size = Long.parseLong(value);
                }
                case "BODY" -> body = switch (String.valueOf(value).toUpperCase(Locale.ROOT)) {
                    case "7BIT" -> BodyType.SEVEN_BIT;
                    case "8BITMIME" -> BodyType.EIGHT_BIT_MIME;
                    default -> throw new SyntaxError(555, "5.5.4", "BODY must be 7BIT or 8BITMIME");
                };
                case "RET" -> ret = switch (String.valueOf(value).toUpperCase(Locale.ROOT)) {
                    case "FULL" -> DsnReturn.FULL;
                    case "HDRS" -> DsnReturn.HDRS;
                    default -> throw new SyntaxError(501, "5.5.4", "RET must be FULL or HDRS");
                };
                case "ENVID" -> {
                    if (value == null || value.isEmpty() || value.length() > 100) {
                        throw new SyntaxError(501, "5.5.4", "ENVID needs 1 to 100 characters of xtext");
                    }
                    envid = PathSyntax.xtext(value, "ENVID");
                }
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw new SyntaxError(501, "5.5.4", "SMTPUTF8 takes no value");
                    }
                    utf8 = true;
                }
                case "AUTH" -> {
                    // RFC 4954 AUTH=<mailbox>: the submitter's claim is not trusted, so it is ignored.
                }
                default -> throw new SyntaxError(555, "5.5.4", "unsupported MAIL parameter " + key);
            }
        }
        String path = PathSyntax.mailbox(parts[0], true, utf8, "5.1.7");
        return new MailFrom(path, size, body, ret, envid, utf8);
    }

    /** {@code TO:<path> [params]}. */
    static EnvelopeRecipient rcptTo(String arg, boolean utf8) throws SyntaxError {
        String[] parts = pathAndParams(arg, "TO:", "RCPT TO:<address> [parameters]");
        Set<Notify> notify = EnumSet.noneOf(Notify.class);
        String orcpt = null;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String key = key(parts[i]);
            String value = value(parts[i]);
            if (!seen.add(key)) {
                throw new SyntaxError(501, "5.5.4", "parameter " + key + " given twice");
            }
            switch (key) {
                case "NOTIFY" -> notify = notify(value);
                case "ORCPT" -> orcpt = orcpt(value);
                default -> throw new SyntaxError(555, "5.5.4", "unsupported RCPT parameter " + key);
            }
        }
        String path = PathSyntax.mailbox(parts[0], false, utf8, "5.1.3");
        return new EnvelopeRecipient(path, notify, orcpt);
    }

    private static Set<Notify> notify(String value) throws SyntaxError {
        if (value == null || value.isEmpty()) {
            throw new SyntaxError(501, "5.5.4", "NOTIFY needs NEVER or a list of SUCCESS, FAILURE, DELAY");
        }
        Set<Notify> result = EnumSet.noneOf(Notify.class);
        for (String item : value.toUpperCase(Locale.ROOT).split(",", -1)) {
            try {
                result.add(Notify.valueOf(item));
            } catch (IllegalArgumentException e) {
                throw new SyntaxError(501, "5.5.4", "unknown NOTIFY value '" + item + "'");
            }
        }
        if (result.contains(Notify.NEVER) && result.size() > 1) {
            throw new SyntaxError(501, "5.5.4", "NOTIFY=NEVER cannot be combined with other values");
        }
        return result;
    }

    private static String orcpt(String value) throws SyntaxError {
        int semi = value == null ? -1 : value.indexOf(';');
        if (semi <= 0 || semi == value.length() - 1 || !value.substring(0, semi).matches("[A-Za-z0-9-]+")) {
            throw new SyntaxError(501, "5.5.4", "ORCPT must be addr-type;xtext, for example rfc822;bob@example.org");
        }
        PathSyntax.xtext(value.substring(semi + 1), "ORCPT");
        return value;
    }

    /** Splits {@code PREFIX<path> P1 P2}; the path may contain spaces only inside quotes. */
    private static String[] pathAndParams(String arg, String prefix, String usage) throws SyntaxError {
        if (arg == null || arg.length() < prefix.length()
                || !arg.substring(0, prefix.length()).equalsIgnoreCase(prefix)) {
            throw new SyntaxError(501, "5.5.4", "syntax: " + usage);
        }
        String rest = arg.substring(prefix.length()).stripLeading();
        int close = closingBracket(rest);
        if (!rest.startsWith("<") || close < 0) {
            throw new SyntaxError(501, "5.5.4", "syntax: " + usage);
        }
        String path = rest.substring(0, close + 1);
        String params = rest.substring(close + 1).trim();
        if (!params.isEmpty() && !Character.isWhitespace(rest.charAt(close + 1))) {
            throw new SyntaxError(501, "5.5.4", "a space must separate the path from its parameters");
        }
        String[] split = params.isEmpty() ? new String[0] : params.split(" +");
        String[] result = new String[split.length + 1];
        result[0] = path;
        System.arraycopy(split, 0, result, 1, split.length);
        return result;
    }

    private static int closingBracket(String s) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String key(String param) {
        int eq = param.indexOf('=');
        return (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
    }

    private static String value(String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? null : param.substring(eq + 1);
    }
}
