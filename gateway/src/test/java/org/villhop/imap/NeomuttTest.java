package org.villhop.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.store.MessageMeta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A terminal mail client, neomutt, driven through tmux: list, open, move and delete over IMAPS. */
class NeomuttTest {

    private static final String USER = ImapFixture.OTHER;

    @TempDir
    static Path directory;
    static ImapFixture fixture;
    static String socket;

    @BeforeAll
    static void start() throws Exception {
        ExternalProcess.assumeInstalled("neomutt");
        ExternalProcess.assumeInstalled("tmux");
        fixture = new ImapFixture(directory);
        socket = "villhop-neomutt-" + ProcessHandle.current().pid();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            tmux("kill-server");
            fixture.close();
        }
    }

    private static String tmux(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(arguments));
        return ExternalProcess.run(command, Map.of(), directory).output();
    }

    private static String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", "neomutt");
    }

    private static void keys(String... keys) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", "neomutt"));
        command.addAll(List.of(keys));
        tmux(command.toArray(String[]::new));
    }

    /** Waits (polling, bounded) until the condition holds. */
    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; the screen shows:\n" + screen());
            }
            Thread.sleep(100);
        }
    }

    private static void awaitScreen(String text) throws Exception {
        await("\"" + text + "\" on the screen", () -> {
            try {
                return screen().contains(text);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<MessageMeta> messages(String mailbox) {
        return fixture.store.messages(USER, mailbox);
    }

    private static void deliver(String subject, String body) throws IOException {
        String message = "From: Dr Bernard <bernard@cabinet.example>\r\nTo: " + USER + "\r\nSubject: " + subject
                + "\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: <" + subject.replace(' ', '.')
                + "@cabinet.example>\r\n\r\n" + body + "\r\n";
        fixture.store.deliver(USER, "INBOX", new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)),
                Set.of());
    }

    @Test
    void neomuttListsOpensMovesAndDeletesMessages() throws Exception {
        deliver("Compte rendu Durand", "Examen normal.");
        deliver("Lettre Petit", "Corps de la lettre de liaison.");
        Path ca = fixture.tls.writeCa(directory);
        Path muttrc = directory.resolve("muttrc");
        Files.writeString(muttrc, String.join("\n",
                "set folder = \"imaps://localhost:" + fixture.implicitTls.port() + "/\"",
                "set spoolfile = \"+INBOX\"",
                "set imap_user = \"" + USER + "\"",
                "set imap_pass = \"" + ImapFixture.PASSWORD + "\"",
                "set ssl_ca_certificates_file = \"" + ca + "\"",
                "set certificate_file = \"" + directory.resolve("accepted-certificates") + "\"",
                "set ssl_force_tls = yes",
                "set header_cache = \"\"",
                "set message_cachedir = \"\"",
                "set record = \"\"",
                "set confirmappend = no",
                "set delete = yes",
                "set mark_old = no",
                "set move = no",
                "set wait_key = no",
                "set sort = subject",
                "set index_format = \"%4C %Z %s\"",
                ""));
        Files.setPosixFilePermissions(muttrc, PosixFilePermissions.fromString("rw-------"));
        tmux("new-session", "-d", "-s", "neomutt", "-x", "150", "-y", "40",
                "env HOME=" + directory + " neomutt -n -F " + muttrc);

        awaitScreen("Compte rendu Durand");
        awaitScreen("Lettre Petit");

        keys("/", "Lettre", "Enter");
        keys("Enter");
        awaitScreen("Corps de la lettre de liaison.");
        keys("q");
        awaitScreen("Compte rendu Durand");

        keys("s");
        awaitScreen("Save to mailbox");
        keys("C-u", "=Trash", "Enter");
        keys("$");
        await("the letter moved to Trash", () -> messages("Trash").size() == 1 && messages("INBOX").size() == 1);
        assertTrue(messages("Trash").getFirst().hasFlag("\\Seen"), "the letter was read before it was moved");

        keys("/", "Compte", "Enter");
        keys("d", "$");
        await("the report deleted", () -> messages("INBOX").isEmpty());
        assertEquals(1, messages("Trash").size());
        assertTrue(fixture.audit.stream().anyMatch(e -> e.type() == ImapAuditEvent.Type.LOGIN_SUCCEEDED
                && e.user().equals(USER)));
        keys("q");
    }
}
