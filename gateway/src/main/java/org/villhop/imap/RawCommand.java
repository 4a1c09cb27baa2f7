package org.villhop.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command as received: its text lines, each but the last followed by a literal. Reading a synchronizing literal
 * sends the continuation request; LITERAL+ literals are read at once.
 */
record RawCommand(List<String> lines, List<Literal> literals, ImapException failure) implements AutoCloseable {

    static final int MAX_LINE = 64 * 1024;
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d{1,18})(\\+?)}$");

    /** Reads one command, or returns null at the end of the stream. */
    static RawCommand read(ImapConnection connection, long maxLiteral) throws IOException {
        List<String> lines = new ArrayList<>();
        List<Literal> literals = new ArrayList<>();
        boolean tooBig = false;
        while (true) {
            String line = connection.readLine(MAX_LINE);
            if (line == null) {
                closeAll(literals);
                return null;
            }
            lines.add(line);
            Matcher m = LITERAL.matcher(line);
            if (!m.find()) {
                break;
            }
            long size = Long.parseLong(m.group(1));
            boolean plus = !m.group(2).isEmpty();
            if (size > maxLiteral) {
                if (!plus) {
                    closeAll(literals);
                    return new RawCommand(lines, List.of(), ImapException.no("TOOBIG", "literal of " + size
                            + " bytes exceeds the limit of " + maxLiteral + " bytes"));
                }
                connection.skip(size);
                tooBig = true;
                literals.add(new Literal(new byte[0], null, 0));
                continue;
            }
            if (!plus) {
                connection.send("+ Ready for literal data");
            }
            literals.add(connection.readLiteral(size));
        }
        if (tooBig) {
            closeAll(literals);
            return new RawCommand(lines, List.of(), ImapException.no("TOOBIG", "literal exceeds the limit of "
                    + maxLiteral + " bytes"));
        }
        return new RawCommand(lines, literals, null);
    }

    /** The tag, for answering even a command that cannot be parsed. */
    String tag() {
        String first = lines.getFirst();
        int space = first.indexOf(' ');
        return space > 0 ? first.substring(0, space) : first.isEmpty() ? "*" : first;
    }

    private static void closeAll(List<Literal> literals) throws IOException {
        for (Literal literal : literals) {
            literal.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeAll(literals);
    }
}
