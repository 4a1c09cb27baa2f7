package org.villhop.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.villhop.store.MailboxExistsException;
import org.villhop.store.MailboxInfo;
import org.villhop.store.MailboxNotFoundException;
import org.villhop.store.MailboxSnapshot;
import org.villhop.store.MailboxStore;

import static org.villhop.store.ImapStrings.string;

/** Commands of the authenticated state: mailboxes (LIST, CREATE, SELECT...), ENABLE, NAMESPACE, IDLE. */
final class MailboxCommands {

    private final ImapSession session;
    private final MailboxStore store;
    private final ImapConnection out;

    MailboxCommands(ImapSession session) {
        this.session = session;
        this.store = session.settings().store();
        this.out = session.connection();
    }

    String dispatch(String tag, String name, boolean uid, Args args) throws IOException {
        String user = session.user();
        switch (name) {
            case "SELECT", "EXAMINE" -> {
                return select(args, name.equals("EXAMINE"));
            }
            case "CREATE" -> {
                String mailbox = newName(mailboxArgument(args));
                if (mailbox.endsWith("/")) {
                    mailbox = mailbox.substring(0, mailbox.length() - 1);
                }
                try {
                    store.createMailbox(user, mailbox);
                } catch (MailboxExistsException e) {
                    throw ImapException.no("ALREADYEXISTS", e.getMessage());
                }
                session.audit(ImapAuditEvent.Type.CREATE, mailbox, null);
                return "OK CREATE completed";
            }
            case "DELETE" -> {
                String mailbox = mailboxArgument(args);
                if (session.hasSelected() && session.selected().name().equals(mailbox)) {
                    session.select(null);
                }
                store.deleteMailbox(user, mailbox);
                session.audit(ImapAuditEvent.Type.DELETE, mailbox, null);
                return "OK DELETE completed";
            }
            case "RENAME" -> {
                args.space();
                String from = args.astring();
                args.space();
                String to = newName(args.astring());
                args.end();
                try {
                    store.renameMailbox(user, from, to);
                } catch (MailboxExistsException e) {
                    throw ImapException.no("ALREADYEXISTS", e.getMessage());
                }
                session.audit(ImapAuditEvent.Type.RENAME, from, "to " + to);
                return "OK RENAME completed";
            }
            case "SUBSCRIBE", "UNSUBSCRIBE" -> {
                store.setSubscribed(user, mailboxArgument(args), name.equals("SUBSCRIBE"));
                return "OK " + name + " completed";
            }
            case "LIST", "LSUB" -> {
                return list(args, name);
            }
            case "STATUS" -> {
                return status(args);
            }
            case "NAMESPACE" -> {
                args.end();
                out.line("* NAMESPACE ((\"\" \"/\")) NIL NIL");
                return "OK NAMESPACE completed";
            }
            case "ENABLE" -> {
                args.space();
                args.atom();
                while (args.optionalSpace()) {
                    args.atom();
                }
                out.line("* ENABLED");
                return "OK ENABLE completed";
            }
            case "IDLE" -> {
                args.end();
                return new IdleCommand(session).run();
            }
            default -> {
                return new MessageCommands(session).dispatch(tag, name, uid, args);
            }
        }
    }

    /**
     * A name for CREATE or RENAME as RFC 3501 section 5.1.3 wants it: non-ASCII characters in modified UTF-7
     * (Thunderbird and Outlook send them so), never as raw 8-bit bytes that other clients could not read back.
     */
    private static String newName(String mailbox) {
        if (!MailboxNames.isModifiedUtf7(mailbox)) {
            throw ImapException.no("CANNOT", "the mailbox name must be printable US-ASCII with other characters in"
                    + " modified UTF-7 (RFC 3501 section 5.1.3), for example M&AOk-decins for M\u00e9decins");
        }
        return mailbox;
    }

    private static String mailboxArgument(Args args) {
        args.space();
        String mailbox = args.astring();
        args.end();
        if (mailbox.isEmpty()) {
            throw ImapException.bad("a mailbox name cannot be empty");
        }
        return mailbox;
    }

    private String select(Args args, boolean readOnly) throws IOException {
        String mailbox = mailboxArgument(args);
        session.select(null);
        MailboxSnapshot snapshot = store.snapshot(session.user(), mailbox);
        SelectedMailbox box = new SelectedMailbox(store, session.user(), readOnly, snapshot);
        session.select(box);
        out.line("* FLAGS " + Responses.SYSTEM_FLAGS);
        out.line("* OK [PERMANENTFLAGS " + (readOnly ? "()" : "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)")
                + "] flags permitted");
        out.line("* " + box.size() + " EXISTS");
        out.line("* " + box.recentCount() + " RECENT");
        for (int i = 0; i < box.size(); i++) {
            if (!box.messages().get(i).hasFlag("\\Seen")) {
                out.line("* OK [UNSEEN " + (i + 1) + "] first unseen message");
                break;
            }
        }
        out.line("* OK [UIDVALIDITY " + snapshot.uidValidity() + "] UIDs valid");
        out.line("* OK [UIDNEXT " + snapshot.uidNext() + "] predicted next UID");
        return "OK [" + (readOnly ? "READ-ONLY" : "READ-WRITE") + "] " + (readOnly ? "EXAMINE" : "SELECT")
                + " completed";
    }

    private String list(Args args, String command) throws IOException {
        args.space();
        boolean specialUseOnly = false;
        if (args.peek() == '(') {
            specialUseOnly = args.list().stream().anyMatch(o -> o.equalsIgnoreCase("SPECIAL-USE"));
            args.space();
        }
        String reference = args.astring();
        args.space();
        String pattern = args.pattern();
        List<String> statusItems = null;
        if (args.optionalSpace()) {
            if (!args.upperAtom().equals("RETURN")) {
                throw ImapException.bad("RETURN expected after the mailbox pattern");
            }
            args.space();
            statusItems = returnOptions(args);
        }
        args.end();
        if (pattern.isEmpty()) {
            out.line("* " + command + " (\\Noselect) \"/\" \"\"");
            return "OK " + command + " completed";
        }
        Pattern regex = toRegex(reference + pattern);
        List<MailboxInfo> boxes = store.listMailboxes(session.user());
        for (MailboxInfo box : boxes) {
            if (!regex.matcher(box.name()).matches() || (command.equals("LSUB") && !box.subscribed())
                    || (specialUseOnly && box.specialUse().isEmpty())) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            boolean children = boxes.stream().anyMatch(b -> b.name().startsWith(box.name() + "/"));
            attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
            if (!box.specialUse().isEmpty()) {
                attributes.add(box.specialUse());
            }
            out.line("* " + command + " (" + String.join(" ", attributes) + ") \"/\" " + string(box.name()));
            if (statusItems != null) {
                out.line(statusLine(box, statusItems));
            }
        }
        return "OK " + command + " completed";
    }

    /**
     * LIST return options (RFC 5258, RFC 5819): SUBSCRIBED, CHILDREN and SPECIAL-USE are always answered;
     * {@code STATUS (items)} asks for a STATUS line after each mailbox. Returns the STATUS items, or null.
     */
    private static List<String> returnOptions(Args args) {
        args.expect('(');
        List<String> statusItems = null;
        boolean first = true;
        while (args.peek() != ')') {
            if (!first) {
                args.space();
            }
            first = false;
            String option = args.upperAtom();
            switch (option) {
                case "STATUS" -> {
                    args.space();
                    statusItems = args.list();
                }
                case "SUBSCRIBED", "CHILDREN", "SPECIAL-USE" -> {
                }
                default -> throw ImapException.bad("unknown LIST return option " + option);
            }
        }
        args.expect(')');
        return statusItems;
    }

    /** LIST wildcards: {@code *} matches anything, {@code %} anything but the hierarchy delimiter. */
    static Pattern toRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '%' -> regex.append("[^/]*");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        String text = regex.toString();
        return pattern.toUpperCase(Locale.ROOT).startsWith("INBOX")
                ? Pattern.compile("(?i:" + Pattern.quote("INBOX") + ")" + toRegexTail(pattern.substring(5)))
                : Pattern.compile(text);
    }

    private static String toRegexTail(String pattern) {
        return pattern.isEmpty() ? "" : toRegex(pattern).pattern();
    }

    private String status(Args args) throws IOException {
        args.space();
        String mailbox = args.astring();
        args.space();
        List<String> items = args.list();
        args.end();
        MailboxInfo info = store.mailbox(session.user(), mailbox)
                .orElseThrow(() -> new MailboxNotFoundException(mailbox));
        out.line(statusLine(info, items));
        return "OK STATUS completed";
    }

    private String statusLine(MailboxInfo info, List<String> items) {
        List<String> values = new ArrayList<>();
        for (String item : items) {
            String key = item.toUpperCase(Locale.ROOT);
            long value = switch (key) {
                case "MESSAGES" -> info.messages();
                case "UIDNEXT" -> info.uidNext();
                case "UIDVALIDITY" -> info.uidValidity();
                case "UNSEEN" -> info.unseen();
                case "RECENT" -> store.recentCount(session.user(), info.name());
                case "DELETED" -> info.deleted();
                case "SIZE" -> info.size();
                default -> throw ImapException.bad("unknown STATUS item " + item);
            };
            values.add(key + " " + value);
        }
        return "* STATUS " + string(info.name()) + " (" + String.join(" ", values) + ")";
    }

    static void requireWritable(SelectedMailbox box) {
        if (box.readOnly()) {
            throw ImapException.no("READ-ONLY", "the mailbox was opened with EXAMINE");
        }
    }
}
