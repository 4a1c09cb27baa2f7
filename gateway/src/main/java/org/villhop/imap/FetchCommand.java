package org.villhop.imap;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.villhop.store.Flags;
import org.villhop.store.MailboxStore;
import org.villhop.store.MessageMeta;
import org.villhop.store.MessageParts;

/** FETCH and UID FETCH: metadata from the store, body sections streamed from the stored bytes by offset. */
final class FetchCommand {

    private static final int MAX_HEADER = 1024 * 1024;
    /** Messages whose metadata is read from the store at a time. */
    private static final int BATCH = 500;

    private final MailboxStore store;
    private final ImapConnection out;
    private Map<Long, byte[]> headers = Map.of();
    private final Map<FetchItem.Section, HeaderFilter> filters = new IdentityHashMap<>();
    private final Map<FetchItem, String> names = new IdentityHashMap<>();
    private final ResponseBuilder response = new ResponseBuilder();
    private SelectedMailbox box;

    FetchCommand(MailboxStore store, ImapConnection out) {
        this.store = store;
        this.out = out;
    }

    void run(SelectedMailbox box, List<MessageMeta> targets, List<FetchItem> requested, boolean byUid)
            throws IOException {
        this.box = box;
        List<FetchItem> items = new ArrayList<>(requested);
        boolean wantsUid = items.stream().anyMatch(i -> i.name().equals("UID"));
        if (byUid && !wantsUid) {
            items.addFirst(new FetchItem("UID", null, true, -1, -1));
        }
        boolean marksSeen = !box.readOnly() && items.stream().anyMatch(FetchItem::setsSeen);
        boolean wantsFlags = items.stream().anyMatch(i -> i.name().equals("FLAGS"));
        boolean wantsStructure = items.stream().anyMatch(FetchCommand::needsStructure);
        boolean wantsHeaders = items.stream().anyMatch(FetchCommand::topHeader);
        Map<Long, MessageMeta> seen = new HashMap<>();
        if (marksSeen) {
            List<Long> unseen = targets.stream().filter(m -> !m.hasFlag(Flags.SEEN)).map(MessageMeta::uid).toList();
            if (!unseen.isEmpty()) {
                for (MessageMeta updated : store.storeFlags(targets.getFirst().user(),
                        box.name(), unseen, MailboxStore.FlagChange.ADD, Set.of(Flags.SEEN))) {
                    box.reported(updated);
                    seen.put(updated.uid(), updated);
                }
            }
        }
        // In batches, so that the first responses leave while the store still reads the next messages' metadata.
        for (int from = 0; from < targets.size(); from += BATCH) {
            List<MessageMeta> batch = targets.subList(from, Math.min(targets.size(), from + BATCH));
            List<Long> uids = batch.stream().map(MessageMeta::uid).toList();
            String user = batch.getFirst().user();
            if (wantsStructure) {
                batch = store.messages(user, box.name(), uids);
            }
            headers = wantsHeaders ? store.headerBlocks(user, box.name(), uids) : Map.of();
            respond(box, batch, items, seen, wantsFlags);
        }
    }

    private void respond(SelectedMailbox box, List<MessageMeta> batch, List<FetchItem> items,
                         Map<Long, MessageMeta> seen, boolean wantsFlags) throws IOException {
        for (MessageMeta listed : batch) {
            MessageMeta meta = seen.getOrDefault(listed.uid(), listed);
            boolean flagsChanged = seen.containsKey(listed.uid());
            int seq = box.sequenceOf(meta.uid());
            response.text("* ").number(seq).text(" FETCH (");
            boolean first = true;
            for (FetchItem item : items) {
                if (!first) {
                    response.text(" ");
                }
                first = false;
                write(meta, item);
            }
            if (flagsChanged && !wantsFlags) {
                response.text(" FLAGS ").text(box.flags(meta));
            }
            response.text(")\r\n").writeTo(out);
        }
    }

    /** Items served from the header block kept at delivery: the top-level HEADER and HEADER.FIELDS forms. */
    private static boolean topHeader(FetchItem item) {
        return item.section() != null && item.section().path().length == 0
                && item.section().text().startsWith("HEADER");
    }

    private static boolean needsStructure(FetchItem item) {
        return item.name().equals("ENVELOPE") || item.name().equals("BODYSTRUCTURE")
                || item.name().equals("BODY") && item.section() == null;
    }

    private void write(MessageMeta meta, FetchItem item) throws IOException {
        switch (item.name()) {
            case "UID" -> response.text("UID ").number(meta.uid());
            case "FLAGS" -> response.text("FLAGS ").text(box.flags(meta));
            case "INTERNALDATE" -> response.text("INTERNALDATE ").text(Responses.internalDate(meta.internalDate()));
            case "RFC822.SIZE" -> response.text("RFC822.SIZE ").number(meta.size());
            case "ENVELOPE" -> response.text("ENVELOPE ").text(meta.envelope());
            case "BODYSTRUCTURE" -> response.text("BODYSTRUCTURE ").text(meta.bodyStructure());
            case "BODY" -> {
                if (item.section() == null) {
                    response.text("BODY ").text(meta.body());
                } else {
                    section(meta, item, "BODY[");
                }
            }
            default -> section(meta, item, null);
        }
    }

    /** {@code BODY[section]<origin>} (computed once per item of the command), or the item's own name. */
    private String responseName(FetchItem item, String prefix) {
        return names.computeIfAbsent(item, i -> (prefix == null ? i.name() : prefix + i.section().label() + "]")
                + (i.partialStart() >= 0 ? "<" + i.partialStart() + ">" : ""));
    }

    private void section(MessageMeta meta, FetchItem item, String prefix) throws IOException {
        FetchItem.Section section = item.section();
        String name = responseName(item, prefix);
        byte[] kept = section.path().length == 0 ? headers.get(meta.uid()) : null;
        if (kept != null && section.text().equals("HEADER")) {
            long[] window = window(0, kept.length, item);
            response.text(name).text(" {").number(window[1] - window[0]).text("}\r\n")
                    .bytes(kept, (int) window[0], (int) (window[1] - window[0]));
            return;
        }
        if (section.text().startsWith("HEADER.FIELDS")) {
            byte[] header = kept;
            if (header == null) {
                Optional<long[]> range = range(meta, new FetchItem.Section(section.path(), "HEADER", List.of()));
                header = range.isEmpty() ? null : read(meta, range.get());
            }
            byte[] filtered = header == null ? new byte[0] : filters.computeIfAbsent(section,
                    s -> new HeaderFilter(s.fields(), s.text().endsWith(".NOT"))).apply(header);
            long[] window = window(0, filtered.length, item);
            response.text(name).text(" {").number(window[1] - window[0]).text("}\r\n")
                    .bytes(filtered, (int) window[0], (int) (window[1] - window[0]));
            return;
        }
        Optional<long[]> range = range(meta, section);
        long[] window = range.map(r -> window(r[0], r[1], item)).orElse(new long[] {0, 0});
        long length = window[1] - window[0];
        if (length == 0) {
            response.text(name).text(" \"\"");
            return;
        }
        InputStream in;
        try {
            in = store.open(meta, window[0]);
        } catch (IOException e) {
            response.text(name).text(" NIL");
            return;
        }
        try (in) {
            response.text(name).text(" {").number(length).text("}\r\n").writeTo(out);
            out.stream(in, length);
        }
    }

    /** Applies {@code <origin.length>} to the byte range {@code [from, to)}. */
    private static long[] window(long from, long to, FetchItem item) {
        if (item.partialStart() < 0) {
            return new long[] {from, to};
        }
        long start = Math.min(to, from + item.partialStart());
        long end = Math.min(to, start + item.partialLength());
        return new long[] {start, end};
    }

    /** The byte range of a section in the stored message, empty when the message has no such part. */
    private static Optional<long[]> range(MessageMeta meta, FetchItem.Section section) {
        MessageParts top = meta.parts();
        int[] path = section.path();
        if (path.length == 0) {
            return switch (section.text()) {
                case "" -> Optional.of(new long[] {0, meta.size()});
                case "HEADER" -> Optional.of(new long[] {top.headerStart(), top.bodyStart()});
                default -> Optional.of(new long[] {top.bodyStart(), top.end()});
            };
        }
        Optional<MessageParts> found = top.find(path);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MessageParts part = found.get();
        switch (section.text()) {
            case "":
                return Optional.of(new long[] {part.bodyStart(), part.end()});
            case "MIME":
                return Optional.of(new long[] {part.headerStart(), part.bodyStart()});
            default:
                if (part.kind() != MessageParts.Kind.MESSAGE) {
                    return Optional.empty();
                }
                MessageParts embedded = part.children().getFirst();
                return Optional.of(section.text().equals("HEADER")
                        ? new long[] {embedded.headerStart(), embedded.bodyStart()}
                        : new long[] {embedded.bodyStart(), embedded.end()});
        }
    }

    private byte[] read(MessageMeta meta, long[] range) throws IOException {
        try (InputStream in = store.open(meta, range[0])) {
            return in.readNBytes((int) Math.min(MAX_HEADER, range[1] - range[0]));
        }
    }

}
