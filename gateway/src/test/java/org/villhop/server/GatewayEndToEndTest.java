package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.villhop.server.GatewayHarness.GP;
import static org.villhop.server.GatewayHarness.SENDER;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.audit.AuditEntry;
import org.villhop.audit.AuditEvent;
import org.villhop.queue.DeliveryStatus;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.RecipientState;
import org.villhop.smime.SmimeVerdict;
import org.villhop.testing.TestSmtpServer;

import jakarta.activation.DataHandler;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * The gateway end to end over real sockets: Angus Mail submits with STARTTLS and AUTH, the gateway relays over
 * verified TLS (presenting its client certificate) to a next hop speaking STARTTLS; bounces, retries with an injected
 * clock, delay and success notices, and local delivery through the domain's route.
 */
class GatewayEndToEndTest {
    @TempDir
    Path dir;
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(dir, "").start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private void submit(String to, String subject) throws Exception {
        submit(to, subject, m -> m.setText("Compte rendu de sortie.\n"));
    }

    private interface Content {
        void fill(MimeMessage message) throws Exception;
    }

    private void submit(String to, String subject, Content content) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(h.port("submission")));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.ssl.socketFactory", h.clientTls.getSocketFactory());
        String password = GatewayHarness.password();
        Session session = Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("sortie", password);
            }
        });
        String messageId = "<" + subject.replace(' ', '-') + "@ch-lens.mssante.test>";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(SENDER));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject);
        content.fill(message);
        Transport.send(message);
    }

    private List<AuditEntry> audit(String action) throws Exception {
        return h.audit().stream().filter(e -> e.event().action().equals(action)).toList();
    }

    @Test
    void submittedMessageIsRelayedOverVerifiedTlsWithTheGatewaysClientCertificate() throws Exception {
        submit(GP, "first message");
        h.await("the next hop to receive it", () -> h.sink.received.size() == 1);
        TestSmtpServer.Received got = h.sink.received.getFirst();
        assertTrue(got.tls(), "sent over TLS");
        assertNotNull(got.clientCertificate(), "the gateway presented its client certificate");
        assertTrue(got.mailFrom().startsWith("MAIL FROM:<" + SENDER + ">"), got.mailFrom());
        assertTrue(got.text().contains("Message-ID: <first-message@ch-lens.mssante.test>"), "Message-ID kept");
        assertTrue(got.text().contains("application/pkcs7-mime"), "encrypted");
        assertTrue(!got.text().contains("Compte rendu"), "no clear text at the next hop");
        assertTrue(got.text().contains("X-Villhop-Security: signed by sortie@ch-lens.mssante.test; encrypted for 1 "
                + "recipient and the sender's copy"), got.text());
        GatewayHarness.Opened gp = h.openAs("dr.martin", got.content());
        assertEquals(SmimeVerdict.Kind.VALID, gp.verdict().kind(), gp.verdict().toString());
        assertTrue(gp.verdict().encrypted() && gp.verdict().signed());
        assertTrue(gp.text().contains("Compte rendu de sortie."), gp.text());
        assertEquals(1, gp.text().split("X-MSS-NIL: CH-Lens/villhop test\r\n", -1).length - 1,
                "the configured product reference, once, inside what is signed: " + gp.text());
        GatewayHarness.Opened senderCopy = h.openAs("sortie.ch-lens", got.content());
        assertEquals(SmimeVerdict.Kind.VALID, senderCopy.verdict().kind(), "the sender can read its copy");
        h.await("the queue to empty", () -> queueSize() == 0);
        h.await("the delivery to be audited", () -> !auditQuietly(AuditEvent.MESSAGE_DELIVERED).isEmpty());
        AuditEntry delivered = audit(AuditEvent.MESSAGE_DELIVERED).getFirst();
        assertEquals("<first-message@ch-lens.mssante.test>", delivered.event().messageId());
        assertEquals(List.of(GP), delivered.event().recipients());
    }

    @Test
    void messageToADomainOutsideTheTrustSpaceBouncesWithAFailureNoticeToTheSender() throws Exception {
        submit("someone@gmail.com", "untrusted destination");
        h.await("the failure notice in the sender's mailbox", () -> h.internal.received.size() == 1);
        TestSmtpServer.Received dsn = h.internal.received.getFirst();
        assertTrue(dsn.mailFrom().startsWith("MAIL FROM:<>"), dsn.mailFrom());
        assertTrue(dsn.rcptTo().getFirst().contains("<" + SENDER + ">"));
        String text = dsn.text();
        assertTrue(text.contains("multipart/report"), text);
        assertTrue(text.contains("Status: 5.7.1"), text);
        assertTrue(text.contains("outside the MSSant"), text);
        assertEquals(0, h.sink.received.size(), "nothing left for the untrusted domain");
        h.await("the bounce to be audited", () -> !auditQuietly(AuditEvent.MESSAGE_BOUNCED).isEmpty());
    }

    @Test
    void temporaryRefusalIsRetriedWhenTheScheduleSaysSo() throws Exception {
        h.sink.dataReply = "451 4.3.0 try again later";
        submit(GP, "retried");
        h.await("the deferral", () -> attempts() == 1);
        RecipientState deferred = onlyRecipient();
        assertEquals(DeliveryStatus.DEFERRED, deferred.status());
        assertEquals(h.clock.instant().plus(Duration.ofMinutes(1)), deferred.nextAttempt(), "first wait: 1m");
        assertTrue(deferred.lastReply().contains("451 4.3.0 try again later"), deferred.lastReply());
        h.sink.dataReply = "250 2.0.0 ok";
        h.clock.advance(Duration.ofMinutes(1));
        h.gateway.deliverNow();
        h.await("the retry to get through", () -> h.sink.received.size() == 1);
        h.await("the queue to empty", () -> queueSize() == 0);
        h.await("the audit", () -> auditQuietly(AuditEvent.MESSAGE_DELIVERED).size() == 1);
        assertEquals(1, audit(AuditEvent.MESSAGE_DEFERRED).size());
    }

    @Test
    void senderGetsOneDelayNoticeThenAFailureNoticeWhenRetriesRunOut() throws Exception {
        h.sink.dataReply = "451 4.4.2 peer busy";
        submit(GP, "never accepted");
        h.await("the first attempt", () -> attempts() == 1);
        int attempts = 1;
        while (true) {
            // one look at the queue per turn: the last attempt removes the message at any moment
            List<QueuedMessage> left = submitted();
            if (left.isEmpty()) {
                break;
            }
            RecipientState r = left.getFirst().recipients().getFirst();
            if (r.status() != DeliveryStatus.DEFERRED) {
                break;
            }
            h.clock.advance(Duration.between(h.clock.instant(), r.nextAttempt()));
            h.gateway.deliverNow();
            int before = attempts;
            h.await("attempt " + (before + 1), () -> attempts() > before);
            attempts++;
        }
        // 1m, 2m, 2m, 2m, 2m, then the last attempt at the give-up point (10m): 7 attempts in all
        assertEquals(7, attempts);
        h.await("the notices", () -> h.internal.received.size() == 2);
        // both notices are queued messages delivered concurrently: their arrival order is not fixed
        List<String> notices = h.internal.received.stream().map(TestSmtpServer.Received::text).toList();
        List<String> delays = notices.stream().filter(n -> n.contains("Action: delayed")).toList();
        List<String> failures = notices.stream().filter(n -> n.contains("Action: failed")).toList();
        assertEquals(1, delays.size(), "one delay notice: " + notices);
        assertEquals(1, failures.size(), "one failure notice: " + notices);
        String delay = delays.getFirst();
        String failure = failures.getFirst();
        assertTrue(delay.contains("Will-Retry-Until:"), delay);
        assertTrue(failure.contains("retries exhausted"), failure);
        h.await("the queue to empty", () -> queueSize() == 0);
    }

    @Test
    void successNoticeWhenTheSenderAskedAndTheNextHopCannotNotify() throws Exception {
        h.sink.dsn = false;
        try (SubmissionClient smtp = SubmissionClient.login(h, "sortie")) {
            String reply = smtp.send("<" + SENDER + ">", List.of("<" + GP + "> NOTIFY=SUCCESS,FAILURE"),
                    "From: " + SENDER + "\r\nTo: " + GP + "\r\nSubject: notify success\r\n"
                            + "Message-ID: <notify@ch-lens.mssante.test>\r\n\r\nhello\r\n");
            assertTrue(reply.startsWith("250"), reply);
        }
        h.await("the next hop to receive it", () -> h.sink.received.size() == 1);
        h.await("the success notice", () -> h.internal.received.size() == 1);
        String text = h.internal.received.getFirst().text();
        assertTrue(text.contains("Action: relayed") || text.contains("Action: delivered"), text);
    }

    @Test
    void dischargeRequestIsTurnedIntoThePackAndThePatientCopyIsQueuedOnce() throws Exception {
        submitDischarge(Files.readAllBytes(EXAMPLE_REQUEST));
        h.await("the pack at the next hop", () -> h.sink.received.size() == 1);
        GatewayHarness.Opened opened = h.openAs("dr.martin", h.sink.received.getFirst().content());
        assertEquals(SmimeVerdict.Kind.VALID, opened.verdict().kind(), opened.verdict().toString());
        String sent = opened.text();
        assertTrue(sent.contains("IHE_XDM.ZIP"), "the XDM archive is attached");
        assertTrue(sent.contains("X-MSS-CODECDA:"), "the MSSanté headers are set");
        assertEquals(1, sent.split("X-MSS-NIL:", -1).length - 1, "one X-MSS-NIL, the configured one: " + sent);
        assertTrue(sent.contains("X-MSS-NIL: CH-Lens/villhop test"), sent);
        assertTrue(!sent.contains("sortie.json"), "the request itself is not sent");
        // the patient's copy goes to patient.mssante.fr, outside this test's trust space: one bounce, not two
        h.await("the bounce of the patient copy", () -> h.internal.received.size() == 1);
        String dsn = h.internal.received.getFirst().text();
        assertTrue(dsn.contains("279035121518989@patient.mssante.fr"), dsn);
        assertTrue(dsn.contains("outside the MSSant"), dsn);
        h.await("the queue to empty", () -> queueSize() == 0);
        assertEquals(1, h.sink.received.size());
        assertEquals(1, h.internal.received.size(), "no notice to the sender when the patient's copy went");
    }

    @Test
    void senderIsToldOnceWhyNoCopyWentToThePatient() throws Exception {
        String request = Files.readString(EXAMPLE_REQUEST).replace("\"qualified\": true", "\"qualified\": false");
        submitDischarge(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        h.await("the pack at the next hop", () -> h.sink.received.size() == 1);
        h.await("the notice to the sender", () -> h.internal.received.size() == 1);
        TestSmtpServer.Received notice = h.internal.received.getFirst();
        assertEquals(1, notice.rcptTo().size());
        assertTrue(notice.rcptTo().getFirst().contains("<" + SENDER + ">"), notice.rcptTo().toString());
        assertTrue(notice.mailFrom().startsWith("MAIL FROM:<>"), "from the null sender: " + notice.mailFrom());
        String text = notice.text();
        assertTrue(text.contains("Auto-Submitted: auto-generated"), text);
        assertTrue(text.contains("No copy of the discharge pack"), text);
        assertTrue(text.contains("Mon espace sant"), text);
        assertTrue(text.contains("qualifi"), "the reason names the unqualified INS: " + text);
        h.await("the queue to empty", () -> queueSize() == 0);
        assertEquals(1, h.internal.received.size(), "one notice, not one per group or attempt");
    }

    private static final Path EXAMPLE_REQUEST = Path.of("..", "docs", "examples", "sortie-example.sortie.json");

    private void submitDischarge(byte[] request) throws Exception {
        submit(GP, "sortie", m -> {
            MimeMultipart body = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Sortie du patient", "UTF-8");
            body.addBodyPart(text);
            MimeBodyPart json = new MimeBodyPart();
            json.setDataHandler(new DataHandler(new ByteArrayDataSource(request, "application/json")));
            json.setFileName("patient.sortie.json");
            body.addBodyPart(json);
            MimeBodyPart echo = new MimeBodyPart();
            echo.setDataHandler(new DataHandler(new ByteArrayDataSource("%PDF-1.4 echo".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII), "application/pdf")));
            echo.setFileName("compte-rendu-echographie.pdf");
            body.addBodyPart(echo);
            m.setContent(body);
        });
    }

    @Test
    void mailFromAPeerToALocalMailboxGoesToTheLocalRoute() throws Exception {
        try (SubmissionClient smtp = SubmissionClient.plain(h.port("mx"))) {
            smtp.send("<dr.martin@medecins.mssante.test>", List.of("<cardiologie@ch-lens.mssante.test>"),
                    "From: dr.martin@medecins.mssante.test\r\nTo: cardiologie@ch-lens.mssante.test\r\n"
                            + "Subject: inbound\r\n\r\nbonjour\r\n");
        }
        h.await("local delivery", () -> h.internal.received.size() == 1);
        assertTrue(h.internal.received.getFirst().rcptTo().getFirst().contains("cardiologie@ch-lens.mssante.test"));
        assertEquals(0, h.sink.received.size());
    }

    private int queueSize() {
        try {
            return h.gateway.queue().list().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RecipientState onlyRecipient() throws java.io.IOException {
        List<QueuedMessage> all = submitted();
        assertEquals(1, all.size());
        return all.getFirst().recipients().getFirst();
    }

    /** The queued messages from the sender (not the notices to it). */
    private List<QueuedMessage> submitted() throws java.io.IOException {
        return h.gateway.queue().list().stream().filter(m -> !m.envelope().sender().isEmpty()).toList();
    }

    private int attempts() {
        try {
            List<QueuedMessage> all = submitted();
            return all.isEmpty() ? Integer.MAX_VALUE : all.getFirst().recipients().getFirst().attempts();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<AuditEntry> auditQuietly(String action) {
        try {
            return audit(action);
        } catch (Exception e) {
            return List.of();
        }
    }
}
