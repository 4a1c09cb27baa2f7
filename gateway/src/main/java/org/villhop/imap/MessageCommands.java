package org.villhop.imap;

import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.villhop.store.AppendResult;
import org.villhop.store.CopyResult;
import org.villhop.store.Flags;
import org.villhop.store.MailboxStore;
import org.villhop.store.MessageMeta;

/** Commands on messages: APPEND, FETCH, STORE, SEARCH, COPY, MOVE, EXPUNGE, CLOSE, UNSELECT (and UID forms). */
final class MessageCommands {

    private static final DateTimeFormatter APPEND_DATE =
            DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    private final ImapSession session;
    private final MailboxStore store;
    private final ImapConnection out;

    MessageCommands(ImapSession session) {
        this.session = session;
        this.store = session.settings().store();
        this.out = session.connection();
    }

    String dispatch(String tag, String name, boolean uid, Args args) throws IOException {
        if (name.equals("APPEND")) {
            return append(args);
        }
        SelectedMailbox box = switch (name) {
            case "FETCH", "STORE", "SEARCH", "COPY", "MOVE", "EXPUNGE", "CLOSE", "UNSELECT" -> session.selected();
            default -> throw ImapException.bad("unknown command " + name);
        };
        switch (name) {
            case "FETCH" -> {
                args.space();
                List<MessageMeta> targets = resolve(box, args.atom(), uid);
                args.space();
                List<FetchItem> items = FetchItem.parseAll(args);
                args.end();
                new FetchCommand(store, out).run(box, targets, items, uid);
                return "OK FETCH completed";
            }
            case "STORE" -> {
                return storeFlags(box, args, uid);
            }
            case "SEARCH" -> {
                args.space();
                List<String> returns = searchReturn(args);
                Predicate<SearchCommand.Candidate> criteria = SearchCommand.parse(args);
                List<Long> found = new ArrayList<>();
                List<MessageMeta> messages = box.messages();
                for (int i = 0; i < messages.size(); i++) {
                    MessageMeta meta = messages.get(i);
                    if (criteria.test(new SearchCommand.Candidate(i + 1, meta, messages.size(), box.largestUid(),
                            store, box.isRecent(meta.uid())))) {
                        found.add(uid ? meta.uid() : i + 1);
                    }
                }
                out.line(returns == null ? searchResponse(found) : esearchResponse(tag, uid, returns, found));
                return "OK SEARCH completed";
            }
            case "COPY", "MOVE" -> {
                return copy(box, args, uid, name.equals("MOVE"));
            }
            case "EXPUNGE" -> {
                MailboxCommands.requireWritable(box);
                List<Long> uids = null;
                if (uid) {
                    args.space();
                    uids = resolve(box, args.atom(), true).stream().map(MessageMeta::uid).toList();
                }
                args.end();
                List<Long> removed = store.expunge(session.user(), box.name(), uids);
                box.refresh(out);
                if (!removed.isEmpty()) {
                    session.audit(ImapAuditEvent.Type.EXPUNGE, box.name(), removed.size() + " message(s)");
                }
                return "OK EXPUNGE completed";
            }
            case "CLOSE" -> {
                args.end();
                if (!box.readOnly()) {
                    store.expunge(session.user(), box.name(), null);
                }
                session.select(null);
                return "OK CLOSE completed";
            }
            default -> {
                args.end();
                session.select(null);
                return "OK UNSELECT completed";
            }
        }
    }

    /** The messages a sequence set names: by UID (absent ones ignored) or by sequence number (all must exist). */
    static List<MessageMeta> resolve(SelectedMailbox box, String text, boolean byUid) {
        SequenceSet set = SequenceSet.parse(text);
        List<MessageMeta> messages = box.messages();
        BitSet chosen = new BitSet(messages.size());
        for (long[] range : set.ranges()) {
            if (byUid) {
                long a = range[0] == SequenceSet.STAR ? box.largestUid() : range[0];
                long b = range[1] == SequenceSet.STAR ? box.largestUid() : range[1];
                int from = firstAtLeast(messages, Math.min(a, b));
                int to = firstAtLeast(messages, Math.max(a, b) + 1);
                if (from < to) {
                    chosen.set(from, to);
                }
                continue;
            }
            for (long n : range) {
                if (n != SequenceSet.STAR && n > messages.size() || n == SequenceSet.STAR && messages.isEmpty()) {
                    throw ImapException.bad("no message with sequence number " + (n == SequenceSet.STAR ? "*" : n)
                            + " (the mailbox has " + messages.size() + ")");
                }
            }
            long a = range[0] == SequenceSet.STAR ? messages.size() : range[0];
            long b = range[1] == SequenceSet.STAR ? messages.size() : range[1];
            chosen.set((int) Math.min(a, b) - 1, (int) Math.max(a, b));
        }
        List<MessageMeta> result = new ArrayList<>(chosen.cardinality());
        for (int i = chosen.nextSetBit(0); i >= 0; i = chosen.nextSetBit(i + 1)) {
            result.add(messages.get(i));
        }
        return result;
    }

    /** Index of the first message whose UID is at least {@code uid} (messages are sorted by UID). */
    private static int firstAtLeast(List<MessageMeta> messages, long uid) {
        int low = 0;
        int high = messages.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (messages.get(mid).uid() < uid) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The options of {@code RETURN (...)} (RFC 4731 ESEARCH; an empty list means ALL), or null without RETURN. */
    private static List<String> searchReturn(Args args) {
        if (!args.rest().regionMatches(true, 0, "RETURN ", 0, 7)) {
            return null;
        }
        args.atom();
        args.space();
        if (args.peek() != '(') {
            throw ImapException.bad("RETURN needs a parenthesized list of MIN, MAX, ALL, COUNT");
        }
        List<String> options = new ArrayList<>();
        for (String option : args.list()) {
            String upper = option.toUpperCase(Locale.ROOT);
            if (!List.of("MIN", "MAX", "ALL", "COUNT").contains(upper)) {
                throw ImapException.bad("unknown SEARCH RETURN option " + option);
            }
            options.add(upper);
        }
        args.space();
        return options.isEmpty() ? List.of("ALL") : options;
    }

    private static String searchResponse(List<Long> found) {
        StringBuilder line = new StringBuilder("* SEARCH");
        for (long number : found) {
            line.append(' ').append(number);
        }
        return line.toString();
    }

    /** {@code * ESEARCH (TAG "a1") UID MIN 2 MAX 9 COUNT 3 ALL 2,4:9}: MIN, MAX and ALL only when something matched. */
    private static String esearchResponse(String tag, boolean uid, List<String> options, List<Long> found) {
        StringBuilder line = new StringBuilder("* ESEARCH (TAG \"").append(tag).append("\")");
        if (uid) {
            line.append(" UID");
        }
        if (options.contains("MIN") && !found.isEmpty()) {
            line.append(" MIN ").append(found.getFirst());
        }
        if (options.contains("MAX") && !found.isEmpty()) {
            line.append(" MAX ").append(found.getLast());
        }
        if (options.contains("COUNT")) {
            line.append(" COUNT ").append(found.size());
        }
        if (options.contains("ALL") && !found.isEmpty()) {
            line.append(" ALL ").append(SequenceSet.format(found));
        }
        return line.toString();
    }

    private String storeFlags(SelectedMailbox box, Args args, boolean uid) throws IOException {
        MailboxCommands.requireWritable(box);
        args.space();
        List<MessageMeta> targets = resolve(box, args.atom(), uid);
        args.space();
        String item = args.upperAtom();
        boolean silent = item.endsWith(".SILENT");
        MailboxStore.FlagChange change = switch (silent ? item.substring(0, item.length() - 7) : item) {
            case "FLAGS" -> MailboxStore.FlagChange.REPLACE;
            case "+FLAGS" -> MailboxStore.FlagChange.ADD;
            case "-FLAGS" -> MailboxStore.FlagChange.REMOVE;
            default -> throw ImapException.bad("unknown STORE item " + item + ", expected [+-]FLAGS[.SILENT]");
        };
        args.space();
        List<String> flags = args.flags();
        args.end();
        List<MessageMeta> updated = store.storeFlags(session.user(), box.name(),
                targets.stream().map(MessageMeta::uid).toList(), change, Set.copyOf(flags));
        for (MessageMeta meta : updated) {
            box.reported(meta);
            if (!silent) {
                out.line("* " + box.sequenceOf(meta.uid()) + " FETCH (" + (uid ? "UID " + meta.uid() + " " : "")
                        + "FLAGS " + box.flags(meta) + ")");
            }
        }
        return "OK STORE completed";
    }

    private String copy(SelectedMailbox box, Args args, boolean uid, boolean move) throws IOException {
        if (move) {
            MailboxCommands.requireWritable(box);
        }
        args.space();
        List<MessageMeta> targets = resolve(box, args.atom(), uid);
        args.space();
        String destination = args.astring();
        args.end();
        if (store.mailbox(session.user(), destination).isEmpty()) {
            throw ImapException.no("TRYCREATE", "no mailbox named " + destination);
        }
        List<Long> uids = targets.stream().map(MessageMeta::uid).toList();
        CopyResult result = move ? store.move(session.user(), box.name(), uids, destination)
                : store.copy(session.user(), box.name(), uids, destination);
        session.audit(move ? ImapAuditEvent.Type.MOVE : ImapAuditEvent.Type.COPY, box.name(),
                result.sourceUids().size() + " message(s) to " + destination);
        String code = result.sourceUids().isEmpty() ? "" : "[COPYUID " + result.destinationUidValidity() + " "
                + SequenceSet.format(result.sourceUids()) + " " + SequenceSet.format(result.destinationUids()) + "] ";
        if (!move) {
            return "OK " + code + "COPY completed";
        }
        if (!code.isEmpty()) {
            out.line("* OK " + code + "moved");
        }
        box.refresh(out);
        return "OK MOVE completed";
    }

    private String append(Args args) throws IOException {
        args.space();
        String mailbox = args.astring();
        args.space();
        Set<String> flags = Set.of();
        if (args.peek() == '(') {
            flags = Set.copyOf(args.list());
            args.space();
        }
        Instant date = null;
        if (args.peek() == '"') {
            String text = args.quoted().trim();
            try {
                date = ZonedDateTime.parse(text, APPEND_DATE).toInstant();
            } catch (DateTimeParseException e) {
                throw ImapException.bad("invalid date-time " + text + ", expected for example 23-Nov-2026 10:00:00"
                        + " +0100");
            }
            args.space();
        }
        Literal literal = args.literal();
        args.end();
        if (store.mailbox(session.user(), mailbox).isEmpty()) {
            throw ImapException.no("TRYCREATE", "no mailbox named " + mailbox);
        }
        if (flags.stream().anyMatch(f -> f.equalsIgnoreCase("\\Recent"))) {
            flags = Flags.normalize(flags);
        }
        AppendResult result;
        try (var in = literal.open()) {
            result = store.append(session.user(), mailbox, in, flags, date);
        } catch (IOException e) {
            throw ImapException.no("SERVERBUG", "the message could not be stored: " + e.getMessage());
        }
        session.audit(ImapAuditEvent.Type.APPEND, mailbox, literal.size() + " bytes, UID " + result.uid());
        return "OK [APPENDUID " + result.uidValidity() + " " + result.uid() + "] APPEND completed";
    }
}
