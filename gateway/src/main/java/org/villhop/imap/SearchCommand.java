package org.villhop.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.villhop.store.Flags;
import org.villhop.store.MailboxStore;
import org.villhop.store.MessageMeta;
import org.villhop.store.SearchHeaders;

/** SEARCH and UID SEARCH (RFC 3501 section 6.4.4): flags, dates, sizes, sets from metadata; text from the bytes. */
final class SearchCommand {

    private static final DateTimeFormatter SEARCH_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH);

    /**
     * A message under test: its sequence number and metadata, the mailbox's largest values for {@code *}, whether it
     * is recent for the session.
     */
    record Candidate(int seq, MessageMeta meta, int largestSeq, long largestUid, MailboxStore store, boolean recent) {

        String header(String name) {
            if (SearchHeaders.kept(name)) {
                return meta.header(name).orElse(null);
            }
            try (InputStream in = store.open(meta, 0)) {
                byte[] header = in.readNBytes((int) Math.min(meta.parts().bodyStart(), 1024 * 1024));
                List<String> values = new ArrayList<>();
                String text = new String(header, StandardCharsets.UTF_8).replaceAll("\r?\n[ \t]", " ");
                for (String line : text.split("\r?\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                        values.add(DecoderUtil.decodeEncodedWords(line.substring(colon + 1).trim(),
                                DecodeMonitor.SILENT));
                    }
                }
                return values.isEmpty() ? null : String.join("\n", values);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Whether the stored bytes from {@code from} contain {@code needle}, ignoring case. An ASCII needle is looked
         * for in the bytes themselves (UTF-8 never puts ASCII bytes inside a multi-byte character); any other is
         * looked for in the decoded text. Reads {@code in} (which keeps the headers of the parts on the way) and
         * closes it.
         */
        private static boolean contains(HeaderCapture in, String needle, AsciiSearch ascii) {
            try (in) {
                if (ascii != null) {
                    return ascii.foundIn(in);
                }
                return DecodedText.contains(new InputStreamReader(in, StandardCharsets.UTF_8),
                        needle.toLowerCase(Locale.ROOT));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The stored bytes from {@code from}, keeping the parts' headers as they go by. */
        private HeaderCapture reading(long from) {
            try {
                return new HeaderCapture(store.open(meta, from), from, meta.parts(),
                        DecodedText.MAX_HEADER_BYTES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whether the body contains {@code needle}: its bytes, else its text parts decoded. */
        boolean bodyContains(String needle, AsciiSearch ascii) {
            HeaderCapture seen = reading(meta.parts().bodyStart());
            if (contains(seen, needle, ascii)) {
                return true;
            }
            try {
                return new DecodedText(store, meta, seen).encodedBodyContains(needle.toLowerCase(Locale.ROOT));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whether the message contains {@code needle}: its bytes, else its decoded header or text parts. */
        boolean textContains(String needle, AsciiSearch ascii) {
            HeaderCapture seen = reading(0);
            if (contains(seen, needle, ascii)) {
                return true;
            }
            String lower = needle.toLowerCase(Locale.ROOT);
            DecodedText decoded = new DecodedText(store, meta, seen);
            try {
                return decoded.headerContains(lower) || decoded.encodedBodyContains(lower);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Args args;

    private SearchCommand(Args args) {
        this.args = args;
    }

    /** Parses the search criteria (after an optional CHARSET, which must be UTF-8 or US-ASCII). */
    static Predicate<Candidate> parse(Args args) {
        SearchCommand parser = new SearchCommand(args);
        Predicate<Candidate> all = c -> true;
        boolean first = true;
        while (!args.atEnd()) {
            if (!first) {
                args.space();
            }
            first = false;
            if (args.peek() != '(' && args.rest().regionMatches(true, 0, "CHARSET ", 0, 8)) {
                args.atom();
                args.space();
                String charset = args.astring();
                if (!charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("US-ASCII")) {
                    throw ImapException.no("BADCHARSET (UTF-8 US-ASCII)", "unsupported charset " + charset);
                }
                continue;
            }
            all = all.and(parser.key());
        }
        return all;
    }

    private Predicate<Candidate> key() {
        if (args.peek() == '(') {
            args.expect('(');
            Predicate<Candidate> group = key();
            while (args.peek() != ')') {
                args.space();
                group = group.and(key());
            }
            args.expect(')');
            return group;
        }
        String key = args.upperAtom();
        if (Character.isDigit(key.charAt(0)) || key.charAt(0) == '*') {
            SequenceSet set = SequenceSet.parse(key);
            return c -> set.contains(c.seq(), c.largestSeq());
        }
        return switch (key) {
            case "ALL" -> c -> true;
            case "OLD" -> c -> !c.recent();
            case "RECENT" -> Candidate::recent;
            case "NEW" -> c -> c.recent() && !c.meta().hasFlag(Flags.SEEN);
            case "ANSWERED" -> flag(Flags.ANSWERED);
            case "DELETED" -> flag(Flags.DELETED);
            case "DRAFT" -> flag(Flags.DRAFT);
            case "FLAGGED" -> flag(Flags.FLAGGED);
            case "SEEN" -> flag(Flags.SEEN);
            case "UNANSWERED" -> flag(Flags.ANSWERED).negate();
            case "UNDELETED" -> flag(Flags.DELETED).negate();
            case "UNDRAFT" -> flag(Flags.DRAFT).negate();
            case "UNFLAGGED" -> flag(Flags.FLAGGED).negate();
            case "UNSEEN" -> flag(Flags.SEEN).negate();
            case "KEYWORD" -> flag(argument());
            case "UNKEYWORD" -> flag(argument()).negate();
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> headerContains(key, argument());
            case "HEADER" -> {
                String name = argument();
                yield headerContains(name, argument());
            }
            case "BODY" -> {
                String text = argument();
                AsciiSearch ascii = AsciiSearch.of(text);
                yield c -> c.bodyContains(text, ascii);
            }
            case "TEXT" -> {
                String text = argument();
                AsciiSearch ascii = AsciiSearch.of(text);
                yield c -> c.textContains(text, ascii);
            }
            case "BEFORE" -> internal(argumentDate(), -1);
            case "ON" -> internal(argumentDate(), 0);
            case "SINCE" -> internal(argumentDate(), 1);
            case "SENTBEFORE" -> sent(argumentDate(), -1);
            case "SENTON" -> sent(argumentDate(), 0);
            case "SENTSINCE" -> sent(argumentDate(), 1);
            case "LARGER" -> {
                long size = number();
                yield c -> c.meta().size() > size;
            }
            case "SMALLER" -> {
                long size = number();
                yield c -> c.meta().size() < size;
            }
            case "UID" -> {
                args.space();
                SequenceSet set = SequenceSet.parse(args.atom());
                yield c -> set.contains(c.meta().uid(), c.largestUid());
            }
            case "NOT" -> {
                args.space();
                yield key().negate();
            }
            case "OR" -> {
                args.space();
                Predicate<Candidate> left = key();
                args.space();
                yield left.or(key());
            }
            default -> throw ImapException.bad("unknown search key: " + key);
        };
    }

    private String argument() {
        args.space();
        return args.astring();
    }

    private long number() {
        try {
            return Long.parseLong(argument());
        } catch (NumberFormatException e) {
            throw ImapException.bad("a number was expected");
        }
    }

    private LocalDate argumentDate() {
        String value = argument();
        try {
            return LocalDate.parse(value, SEARCH_DATE);
        } catch (DateTimeParseException e) {
            throw ImapException.bad("invalid date " + value + ", expected for example 1-Feb-2026");
        }
    }

    private static Predicate<Candidate> flag(String flag) {
        return c -> c.meta().hasFlag(flag);
    }

    private static Predicate<Candidate> headerContains(String name, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return c -> {
            String value = c.header(name);
            return value != null && value.toLowerCase(Locale.ROOT).contains(lower);
        };
    }

    private static Predicate<Candidate> internal(LocalDate date, int direction) {
        return c -> compare(c.meta().internalDate().atZone(ZoneOffset.UTC).toLocalDate(), date, direction);
    }

    private static Predicate<Candidate> sent(LocalDate date, int direction) {
        return c -> {
            String header = c.header("Date");
            if (header == null) {
                return false;
            }
            try {
                LocalDate sent = ZonedDateTime.parse(header.replaceAll("\\s*\\(.*\\)$", "").trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDate();
                return compare(sent, date, direction);
            } catch (DateTimeParseException e) {
                return false;
            }
        };
    }

    private static boolean compare(LocalDate value, LocalDate date, int direction) {
        return direction < 0 ? value.isBefore(date) : direction == 0 ? value.isEqual(date) : !value.isBefore(date);
    }
}
