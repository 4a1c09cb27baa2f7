package org.villhop.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a command's arguments (RFC 3501 section 9 syntax): atoms, quoted strings, literals, parenthesized lists.
 * Every syntax error is an {@link ImapException} BAD with a precise message.
 */
final class Args {

    private final RawCommand command;
    private int line;
    private int at;

    Args(RawCommand command) {
        this.command = command;
    }

    private String current() {
        return command.lines().get(line);
    }

    private boolean literalHere() {
        return line < command.literals().size() && current().indexOf('{', at) == at
                && current().lastIndexOf('{') == at;
    }

    char peek() {
        if (at < current().length()) {
            return current().charAt(at);
        }
        return '\0';
    }

    boolean atEnd() {
        return line == command.lines().size() - 1 && at >= current().length();
    }

    void end() {
        if (!atEnd()) {
            throw ImapException.bad("unexpected characters at the end of the command: "
                    + current().substring(Math.min(at, current().length())));
        }
    }

    void space() {
        if (peek() != ' ') {
            throw ImapException.bad("a space was expected" + (atEnd() ? " (the command is incomplete)" : ""));
        }
        at++;
    }

    boolean optionalSpace() {
        if (peek() == ' ') {
            at++;
            return true;
        }
        return false;
    }

    void expect(char c) {
        if (peek() != c) {
            throw ImapException.bad("'" + c + "' was expected");
        }
        at++;
    }

    /** An atom: stops at space, parentheses, quotes, brackets given in {@code stops}. */
    String atom(String stops) {
        int start = at;
        String text = current();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c <= ' ' || c == '(' || c == ')' || c == '"' || c == '{' || c == 0x7f || stops.indexOf(c) >= 0) {
                break;
            }
            at++;
        }
        if (at == start) {
            throw ImapException.bad(atEnd() ? "an argument is missing" : "an atom was expected");
        }
        return text.substring(start, at);
    }

    String atom() {
        return atom("");
    }

    String upperAtom() {
        return atom().toUpperCase(Locale.ROOT);
    }

    /** An astring: atom, quoted string or literal. */
    String astring() {
        if (peek() == '"') {
            return quoted();
        }
        if (literalHere()) {
            return literal().text();
        }
        return atom();
    }

    /** A mailbox pattern for LIST: like an astring, where {@code %} and {@code *} are ordinary. */
    String pattern() {
        return astring();
    }

    String quoted() {
        expect('"');
        StringBuilder value = new StringBuilder();
        String text = current();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && at < text.length()) {
                c = text.charAt(at++);
            }
            value.append(c);
        }
        throw ImapException.bad("unterminated quoted string");
    }

    boolean isLiteral() {
        return literalHere();
    }

    Literal literal() {
        if (!literalHere()) {
            throw ImapException.bad("a literal was expected");
        }
        Literal literal = command.literals().get(line);
        line++;
        at = 0;
        return literal;
    }

    /** A parenthesized list of atoms or strings, or a single one when not parenthesized. */
    List<String> list() {
        List<String> items = new ArrayList<>();
        if (peek() != '(') {
            items.add(astring());
            return items;
        }
        at++;
        while (peek() != ')') {
            if (!items.isEmpty()) {
                space();
            }
            items.add(peek() == '"' || literalHere() ? astring() : atom());
        }
        at++;
        return items;
    }

    /** Atoms up to the end of the command, for STORE's unparenthesized flag lists. */
    List<String> flags() {
        if (peek() == '(') {
            return list();
        }
        List<String> flags = new ArrayList<>();
        flags.add(atom());
        while (optionalSpace()) {
            flags.add(atom());
        }
        return flags;
    }

    String rest() {
        return current().substring(Math.min(at, current().length()));
    }
}
