package org.villhop.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Angus Mail's IMAP client in IDLE is told promptly of mail appended and flags changed by another session. */
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
        Properties properties = new Properties();
        properties.put("mail.imaps.host", "localhost");
        properties.put("mail.imaps.port", String.valueOf(fixture.implicitTls.port()));
        properties.put("mail.imaps.ssl.socketFactory", fixture.tls.client.getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        properties.put("mail.imaps.timeout", "20000");
        Store store = Session.getInstance(properties).getStore("imaps");
        store.connect(ImapFixture.USER, ImapFixture.PASSWORD);
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        int before = inbox.getMessageCount();
        CountDownLatch added = new CountDownLatch(1);
        CountDownLatch flagged = new CountDownLatch(1);
        inbox.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent event) {
                added.countDown();
            }
        });
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
        Thread idler = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                try {
                    inbox.idle(true);
                } catch (MessagingException e) {
                    return;
                }
            }
        });
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
}
