package org.villhop.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One FETCH data item (RFC 3501 section 6.4.5). {@code section} is set for BODY[...] (and the RFC822 forms);
 * {@code partialStart} is -1 without {@code <origin.length>}.
 */
record FetchItem(String name, Section section, boolean peek, long partialStart, long partialLength) {

    /** A body section: part path, then "", HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT or MIME. */
    record Section(int[] path, String text, List<String> fields) {

        String label() {
            StringBuilder out = new StringBuilder();
            for (int p : path) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(p);
            }
            if (!text.isEmpty()) {
                out.append(out.length() > 0 ? "." : "").append(text);
            }
            if (!fields.isEmpty()) {
                out.append(" (").append(String.join(" ", fields)).append(')');
            }
            return out.toString();
        }
    }

    static final Section WHOLE = new Section(new int[0], "", List.of());

    /** Whether fetching this item sets {@code \Seen}. */
    boolean setsSeen() {
        return section != null && !peek;
    }

    static List<FetchItem> parseAll(Args args) {
        List<FetchItem> items = new ArrayList<>();
        if (args.peek() != '(') {
            String single = args.peek() == '\0' ? "" : args.atom("[<").toUpperCase(Locale.ROOT);
            switch (single) {
                case "ALL" -> items.addAll(parseNames("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"));
                case "FAST" -> items.addAll(parseNames("FLAGS", "INTERNALDATE", "RFC822.SIZE"));
                case "FULL" -> items.addAll(parseNames("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"));
                default -> items.add(parse(single, args));
            }
            return items;
        }
        args.expect('(');
        while (args.peek() != ')') {
            if (!items.isEmpty()) {
                args.space();
            }
            items.add(parse(args.atom("[<").toUpperCase(Locale.ROOT), args));
        }
        args.expect(')');
        return items;
    }

    private static List<FetchItem> parseNames(String... names) {
        List<FetchItem> items = new ArrayList<>();
        for (String name : names) {
            items.add(new FetchItem(name, null, true, -1, -1));
        }
        return items;
    }

    private static FetchItem parse(String name, Args args) {
        switch (name) {
            case "FLAGS", "UID", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE":
                return new FetchItem(name, null, true, -1, -1);
            case "RFC822":
                return new FetchItem(name, WHOLE, false, -1, -1);
            case "RFC822.HEADER":
                return new FetchItem(name, new Section(new int[0], "HEADER", List.of()), true, -1, -1);
            case "RFC822.TEXT":
                return new FetchItem(name, new Section(new int[0], "TEXT", List.of()), false, -1, -1);
            case "BODY", "BODY.PEEK":
                if (args.peek() != '[') {
                    if (name.equals("BODY")) {
                        return new FetchItem(name, null, true, -1, -1);
                    }
                    throw ImapException.bad("BODY.PEEK needs a section, as in BODY.PEEK[]");
                }
                Section section = section(args);
                long start = -1;
                long length = -1;
                if (args.peek() == '<') {
                    args.expect('<');
                    String[] partial = args.atom(">").split("\\.");
                    args.expect('>');
                    try {
                        start = Long.parseLong(partial[0]);
                        length = Long.parseLong(partial[1]);
                    } catch (RuntimeException e) {
                        throw ImapException.bad("invalid partial range, expected <origin.length>");
                    }
                }
                return new FetchItem("BODY", section, name.equals("BODY.PEEK"), start, length);
            default:
                throw ImapException.bad("unknown FETCH data item: " + name);
        }
    }

    private static Section section(Args args) {
        args.expect('[');
        String spec = args.peek() == ']' ? "" : args.atom("[]").toUpperCase(Locale.ROOT);
        List<String> fields = List.of();
        if (args.optionalSpace()) {
            fields = args.list().stream().map(f -> f.toUpperCase(Locale.ROOT)).toList();
        }
        args.expect(']');
        List<Integer> path = new ArrayList<>();
        String[] pieces = spec.isEmpty() ? new String[0] : spec.split("\\.");
        int i = 0;
        while (i < pieces.length && !pieces[i].isEmpty() && pieces[i].chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(pieces[i]);
            if (n == 0) {
                throw ImapException.bad("section numbers start at 1");
            }
            path.add(n);
            i++;
        }
        String text = String.join(".", java.util.Arrays.copyOfRange(pieces, i, pieces.length));
        boolean valid = switch (text) {
            case "" , "HEADER", "TEXT" -> fields.isEmpty();
            case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> !fields.isEmpty();
            case "MIME" -> !path.isEmpty() && fields.isEmpty();
            default -> false;
        };
        if (!valid) {
            throw ImapException.bad("invalid section: [" + spec + "]");
        }
        return new Section(path.stream().mapToInt(Integer::intValue).toArray(), text, fields);
    }
}
