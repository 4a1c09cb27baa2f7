package org.villhop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.villhop.imap.MailboxNames;
import org.villhop.store.AppendResult;
import org.villhop.store.MailboxInfo;
import org.villhop.store.Quota;
import org.villhop.store.SqliteMailboxStore;
import org.villhop.store.StoreException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code villhop mailbox}: the administrator's view of the local mailboxes served over IMAP. */
@Command(name = "mailbox", mixinStandardHelpOptions = true,
        description = "Local mailboxes (served over IMAP): list folders, deliver a message, set quotas.",
        subcommands = {MailboxCommand.ListFolders.class, MailboxCommand.Deliver.class, MailboxCommand.SetQuota.class})
public final class MailboxCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The mailbox store of a data directory: {@code DATA/mailboxes}. */
    static SqliteMailboxStore open(Path data) {
        return SqliteMailboxStore.open(data.resolve("mailboxes"), Clock.systemUTC());
    }

    /** Why a listing names no existing mailbox (listing never creates one). */
    static String noMailbox(String user, List<String> users) {
        return "no mailbox for user '" + user + "' in the data directory (a mailbox is named by its user's login, "
                + "users[].name, not by an address, and made at the user's first delivery or login); mailboxes: "
                + (users.isEmpty() ? "none" : String.join(", ", users));
    }

    static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a user's folders with their message counts, unseen counts and sizes.")
    static final class ListFolders implements Callable<Integer> {
        @Option(names = "--user", required = true, description = "The mailbox owner: the user's login (users[].name), not an address.")
        String user;

        @Option(names = "--data", defaultValue = "./data", description = "Gateway data directory (default ./data).")
        Path data;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (SqliteMailboxStore store = open(data)) {
                List<String> users = store.users();
                if (!users.contains(user)) {
                    throw new CommandFailure(noMailbox(user, users));
                }
                List<MailboxInfo> boxes = store.listMailboxes(user);
                Quota quota = store.quota(user);
                var out = spec.commandLine().getOut();
                if (json) {
                    List<String> items = new ArrayList<>();
                    for (MailboxInfo box : boxes) {
                        items.add("{\"name\":" + json(box.name()) + ",\"specialUse\":" + json(box.specialUse())
                                + ",\"messages\":" + box.messages() + ",\"unseen\":" + box.unseen() + ",\"bytes\":"
                                + box.size() + ",\"uidValidity\":" + box.uidValidity() + ",\"uidNext\":"
                                + box.uidNext() + "}");
                    }
                    out.println("{\"user\":" + json(user) + ",\"usedBytes\":" + quota.usedBytes()
                            + ",\"quotaBytes\":" + quota.limitBytes() + ",\"folders\":[" + String.join(",", items)
                            + "]}");
                } else {
                    out.printf("%-30s %-8s %8s %8s %12s%n", "FOLDER", "USE", "MESSAGES", "UNSEEN", "BYTES");
                    for (MailboxInfo box : boxes) {
                        out.printf("%-30s %-8s %8d %8d %12d%n", box.name(), box.specialUse(), box.messages(),
                                box.unseen(), box.size());
                    }
                    out.printf("used %d bytes of %s%n", quota.usedBytes(),
                            quota.limitBytes() == 0 ? "unlimited" : quota.limitBytes() + " bytes");
                }
                out.flush();
                return 0;
            } catch (StoreException e) {
                throw new CommandFailure(e.getMessage());
            }
        }
    }

    @Command(name = "deliver", mixinStandardHelpOptions = true,
            description = "Store a message file (RFC 5322, as is) in a user's folder and print its UID.")
    static final class Deliver implements Callable<Integer> {
        @Option(names = "--user", required = true, description = "The mailbox owner: the user's login (users[].name), not an address.")
        String user;

        @Option(names = "--folder", defaultValue = "INBOX", description = "Destination folder (default INBOX), as mail"
                + " clients show it (Dossiers/Médecins) or in IMAP's modified UTF-7 (Dossiers/M&AOk-decins).")
        String folder;

        @Option(names = "--flag", description = "A flag to set, for example \\Seen or $Urgent (repeatable).")
        List<String> flags = new ArrayList<>();

        @Option(names = "--data", defaultValue = "./data", description = "Gateway data directory (default ./data).")
        Path data;

        @Parameters(paramLabel = "MESSAGE", description = "The message file.")
        Path message;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (SqliteMailboxStore store = open(data); InputStream in = Files.newInputStream(message)) {
                Set<String> given = new LinkedHashSet<>(flags);
                AppendResult result = store.deliver(user, MailboxNames.imapForm(folder), in, given);
                spec.commandLine().getOut().println("delivered to " + user + " " + folder + " as UID " + result.uid());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (NoSuchFileException e) {
                throw new CommandFailure("no such message file: " + message);
            } catch (IOException e) {
                throw new CommandFailure("cannot deliver " + message + ": " + e.getMessage());
            } catch (StoreException e) {
                throw new CommandFailure(e.getMessage());
            }
        }
    }

    @Command(name = "quota", mixinStandardHelpOptions = true,
            description = "Set a user's storage quota in bytes (0 = unlimited).")
    static final class SetQuota implements Callable<Integer> {
        @Option(names = "--user", required = true, description = "The mailbox owner: the user's login (users[].name), not an address.")
        String user;

        @Parameters(paramLabel = "BYTES", description = "The quota in bytes; 0 means unlimited.")
        long bytes;

        @Option(names = "--data", defaultValue = "./data", description = "Gateway data directory (default ./data).")
        Path data;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (SqliteMailboxStore store = open(data)) {
                store.setQuota(user, bytes);
                Quota quota = store.quota(user);
                spec.commandLine().getOut().println("quota of " + user + ": " + quota.usedBytes() + " of "
                        + (bytes == 0 ? "unlimited" : bytes + " bytes") + " used");
                spec.commandLine().getOut().flush();
                return 0;
            } catch (StoreException e) {
                throw new CommandFailure(e.getMessage());
            }
        }
    }
}
