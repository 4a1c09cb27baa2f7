package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.queue.BodyType;
import org.villhop.queue.Envelope;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.queue.Notify;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.SqliteMessageQueue;

class QueueBounceCommandTest {
    @TempDir
    Path data;

    private SqliteMessageQueue queue() throws Exception {
        return SqliteMessageQueue.open(data.resolve("queue"), Clock.systemUTC());
    }

    private String enqueue(String sender, List<EnvelopeRecipient> to) throws Exception {
        try (SqliteMessageQueue queue = queue()) {
            return queue.enqueue(new Envelope(sender, to, "ENV-42", null, BodyType.SEVEN_BIT, false, null, null,
                            null),
                    new ByteArrayInputStream(("From: <" + sender + ">\r\nMessage-ID: <orig-1@hopital.test>\r\n"
                            + "Subject: lettre\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void bounceGivesUpOnPendingRecipientsAndQueuesTheFailureDsnToTheSender() throws Exception {
        String id = enqueue("alice@hopital.test", List.of(EnvelopeRecipient.of("dr.house@cabinet.test"),
                EnvelopeRecipient.of("dr.wilson@cabinet.test"),
                new EnvelopeRecipient("dr.cuddy@cabinet.test", Set.of(Notify.NEVER), null)));
        try (SqliteMessageQueue queue = queue()) {
            queue.markSent(id, 1, "250 2.0.0 ok");
        }

        VillhopCommandTest.Run run = VillhopCommandTest.run("queue", "bounce", id, "--reason", "cabinet closed",
                "--data", data.toString());

        assertEquals(0, run.code(), run.err());
        assertEquals("bounced " + id + ": dr.house@cabinet.test, dr.cuddy@cabinet.test\n", run.out());
        try (SqliteMessageQueue queue = queue()) {
            assertTrue(queue.find(id).isEmpty(), "the bounced message left the queue");
            List<QueuedMessage> left = queue.list();
            assertEquals(1, left.size(), "one DSN queued");
            QueuedMessage dsn = left.getFirst();
            assertEquals("", dsn.envelope().sender());
            assertEquals("alice@hopital.test", dsn.envelope().recipients().getFirst().address());
            String text;
            try (InputStream in = queue.openBody(dsn.id())) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(text.contains("report-type=delivery-status"), text);
            assertTrue(text.contains("Original-Envelope-Id: ENV-42"), text);
            assertTrue(text.contains("Final-Recipient: rfc822; dr.house@cabinet.test"), text);
            assertTrue(text.contains("Action: failed"), text);
            assertTrue(text.contains("cabinet closed"), text);
            assertTrue(!text.contains("dr.cuddy@cabinet.test") && !text.contains("Final-Recipient: rfc822; dr.wilson"),
                    "NOTIFY=NEVER and the delivered recipient are not reported:\n" + text);
        }
        String journal = Files.readString(data.resolve("audit/journal.jsonl"));
        assertTrue(journal.contains("cabinet closed") && journal.contains(id), journal);
    }

    @Test
    void bounceOfAMessageWithANullSenderQueuesNoDsn() throws Exception {
        String id = enqueue("", List.of(EnvelopeRecipient.of("dr.house@cabinet.test")));

        VillhopCommandTest.Run run = VillhopCommandTest.run("queue", "bounce", id, "--data", data.toString());

        assertEquals(0, run.code(), run.err());
        try (SqliteMessageQueue queue = queue()) {
            assertTrue(queue.list().isEmpty(), "no DSN for a DSN");
        }
    }

    @Test
    void bounceRefusesBesideARunningGatewayAndAnUnknownId() throws Exception {
        String id = enqueue("alice@hopital.test", List.of(EnvelopeRecipient.of("dr.house@cabinet.test")));
        VillhopCommandTest.Run unknown = VillhopCommandTest.run("queue", "bounce", "nope", "--data", data.toString());
        assertEquals(1, unknown.code());
        assertEquals("villhop: no message nope in the queue\n", unknown.err());

        try (FileChannel channel = FileChannel.open(data.resolve("gateway.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var lock = channel.lock()) {
            VillhopCommandTest.Run run = VillhopCommandTest.run("queue", "bounce", id, "--data", data.toString());
            assertEquals(1, run.code());
            assertEquals("villhop: another gateway is running on the data directory " + data + "\n", run.err());
            assertTrue(lock.isValid());
        }
        try (SqliteMessageQueue queue = queue()) {
            assertEquals(1, queue.list().size(), "nothing changed");
        }
    }

    @Test
    @SuppressWarnings("try") // the lock is only held, as a running gateway holds it
    void deleteIsAuditedWithTheAdministratorAndRefusedBesideARunningGateway() throws Exception {
        String id = enqueue("alice@hopital.test", List.of(EnvelopeRecipient.of("dr.house@cabinet.test")));
        try (FileChannel channel = FileChannel.open(data.resolve("gateway.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var lock = channel.lock()) {
            VillhopCommandTest.Run run = VillhopCommandTest.run("queue", "delete", id, "--data", data.toString());
            assertEquals(1, run.code());
            assertEquals("villhop: another gateway is running on the data directory " + data + "\n", run.err());
        }
        try (SqliteMessageQueue queue = queue()) {
            assertEquals(1, queue.list().size(), "nothing deleted beside the gateway");
        }

        VillhopCommandTest.Run run = VillhopCommandTest.run("queue", "delete", id, "--data", data.toString());

        assertEquals(0, run.code(), run.err());
        try (SqliteMessageQueue queue = queue()) {
            assertTrue(queue.list().isEmpty());
        }
        String journal = Files.readString(data.resolve("audit/journal.jsonl"));
        assertTrue(journal.contains("\"message.deleted\"") && journal.contains(id)
                && journal.contains("\"admin:" + System.getProperty("user.name")) && journal.contains("dr.house"),
                journal);
        VillhopCommandTest.Run search = VillhopCommandTest.run("audit", "search", "--data", data.toString());
        assertTrue(search.out().contains("message.deleted"), search.out());
    }

    private String onlyDsn() throws Exception {
        try (SqliteMessageQueue queue = queue()) {
            List<QueuedMessage> left = queue.list();
            assertEquals(1, left.size(), "one DSN queued");
            try (InputStream in = queue.openBody(left.getFirst().id())) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void theReportingMtaIsTheConfiguredHostnameElseThisMachinesName() throws Exception {
        String id = enqueue("alice@hopital.test", List.of(EnvelopeRecipient.of("dr.house@cabinet.test")));
        VillhopCommandTest.Run run = VillhopCommandTest.run("queue", "bounce", id, "--config",
                "../docs/villhop.example.yaml", "--data", data.toString());
        assertEquals(0, run.code(), run.err());
        String dsn = onlyDsn();
        assertTrue(dsn.contains("Reporting-MTA: dns; mail.ch-lens.mssante.test"), dsn);

        try (SqliteMessageQueue queue = queue()) {
            queue.delete(queue.list().getFirst().id());
        }
        String second = enqueue("alice@hopital.test", List.of(EnvelopeRecipient.of("dr.house@cabinet.test")));
        run = VillhopCommandTest.run("queue", "bounce", second, "--data", data.toString());
        assertEquals(0, run.code(), run.err());
        dsn = onlyDsn();
        String here = java.net.InetAddress.getLocalHost().getCanonicalHostName();
        assertTrue(dsn.contains("Reporting-MTA: dns; " + here), dsn);
        assertTrue(!dsn.contains("Reporting-MTA: dns; localhost\r") || here.equals("localhost"), dsn);
    }

    @Test
    void aMissingConfigurationFileIsAClearError() throws Exception {
        String id = enqueue("alice@hopital.test", List.of(EnvelopeRecipient.of("dr.house@cabinet.test")));
        VillhopCommandTest.Run run = VillhopCommandTest.run("queue", "bounce", id, "--config",
                data.resolve("nope.yaml").toString(), "--data", data.toString());
        assertEquals(1, run.code());
        assertEquals("villhop: --config: no such file: " + data.resolve("nope.yaml") + "\n", run.err());
    }
}
