package org.villhop.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageChangedListener;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.store.SqliteMailboxStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Angus Mail's IMAP client in IDLE is told promptly of mail appended and flags changed by another session, and of mail
 * stored by another process (an administrator's {@code villhop mailbox deliver}).
 */
class AngusIdleTest {

    @TempDir
    static Path directory;
    static ImapFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ImapFixture(directory);
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    @Test
    void anIdlingClientHearsOfAnotherSessionsAppendAndFlagChange() throws Exception {
        Store store = connect();
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        int before = inbox.getMessageCount();
        CountDownLatch added = added(inbox);
        CountDownLatch flagged = new CountDownLatch(1);
        inbox.addMessageChangedListener(new MessageChangedListener() {
            @Override
            public void messageChanged(MessageChangedEvent event) {
                try {
                    if (event.getMessage().isSet(Flags.Flag.FLAGGED)) {
                        flagged.countDown();
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        AtomicBoolean stop = new AtomicBoolean();
        Thread idler = idle(inbox, stop);
        try (RawImapClient other = new RawImapClient(fixture.implicitTls.port(), fixture.tls.client)) {
            other.command("LOGIN \"" + ImapFixture.USER + "\" \"" + ImapFixture.PASSWORD + "\"");
            String tag = other.nextTag();
            byte[] message = ImapProtocolTest.MESSAGE.getBytes(StandardCharsets.UTF_8);
            other.send(tag + " APPEND INBOX {" + message.length + "+}");
            other.sendBytes(message);
            other.send("");
            assertTrue(other.responses(tag).getLast().contains("OK [APPENDUID"));
            assertTrue(added.await(10, TimeUnit.SECONDS), "the idling client was not told of the new message");
            other.command("SELECT INBOX");
            assertTrue(other.command("STORE " + (before + 1) + " +FLAGS (\\Flagged)").getLast().contains("OK"));
            assertTrue(flagged.await(10, TimeUnit.SECONDS), "the idling client was not told of the flag change");
        } finally {
            stop.set(true);
            inbox.close(false);
            store.close();
            idler.join(10_000);
        }
        assertEquals(before + 1, fixture.store.messages(ImapFixture.USER, "INBOX").size());
    }

    @Test
    void anIdlingClientHearsOfMailStoredByAnotherProcess() throws Exception {
        Store store = connect();
        IMAPFolder drafts = (IMAPFolder) store.getFolder("Drafts");
        drafts.open(Folder.READ_ONLY);
        int before = drafts.getMessageCount();
        CountDownLatch added = added(drafts);
        AtomicBoolean stop = new AtomicBoolean();
        Thread idler = idle(drafts, stop);
        try {
            Thread.sleep(500); // the client is in IDLE: nothing but the store's own announcement can wake it
            try (SqliteMailboxStore administrator = SqliteMailboxStore.open(directory.resolve("mail"),
                    Clock.systemUTC())) {
                administrator.deliver(ImapFixture.USER, "Drafts", new ByteArrayInputStream(
                        ImapProtocolTest.MESSAGE.getBytes(StandardCharsets.UTF_8)), Set.of());
            }
            assertTrue(added.await(10, TimeUnit.SECONDS),
                    "the idling client was not told of the message another process stored");
            assertEquals(before + 1, drafts.getMessageCount());
        } finally {
            stop.set(true);
            drafts.close(false);
            store.close();
            idler.join(10_000);
        }
    }

    private static Store connect() throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imaps.host", "localhost");
        properties.put("mail.imaps.port", String.valueOf(fixture.implicitTls.port()));
        properties.put("mail.imaps.ssl.socketFactory", fixture.tls.client.getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        properties.put("mail.imaps.timeout", "20000");
        Store store = Session.getInstance(properties).getStore("imaps");
        store.connect(ImapFixture.USER, ImapFixture.PASSWORD);
        return store;
    }

    /** Counts down when the client is told of a new message in {@code folder}. */
    private static CountDownLatch added(IMAPFolder folder) {
        CountDownLatch added = new CountDownLatch(1);
        folder.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent event) {
                added.countDown();
            }
        });
        return added;
    }

    /** Keeps the folder in IDLE on a virtual thread until {@code stop} (Angus returns from idle on each event). */
    private static Thread idle(IMAPFolder folder, AtomicBoolean stop) {
        return Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                try {
                    folder.idle(true);
                } catch (MessagingException e) {
                    return;
                }
            }
        });
    }
}
