package org.villhop.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.villhop.testing.ExternalProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.queue.QueuedMessage;
import org.villhop.smtp.SmtpServerOptions.TlsMode;

/** The listener against clients nobody here wrote: Angus Mail (jakarta.mail), Python's smtplib, swaks. */
class ThirdPartyClientsTest {
    private static TestPki pki;
    @TempDir
    Path dir;
    private TestGateway gateway;

    @BeforeAll
    static void makePki() throws Exception {
        pki = new TestPki();
    }

    @BeforeEach
    void start() throws Exception {
        TlsSettings tls = TlsSettings.defaults(pki.serverContext(), TlsSettings.ClientAuth.NONE);
        gateway = new TestGateway(dir.resolve("gw"), b -> b.tls(TlsMode.STARTTLS, tls));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    private String onlyBody() throws Exception {
        List<QueuedMessage> queued = gateway.queue.list();
        assertEquals(1, queued.size());
        try (InputStream in = gateway.queue.openBody(queued.get(0).id())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Session angusSession(String password) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(gateway.port()));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.ssl.socketFactory", pki.clientContext(false).getSocketFactory());
        return Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("alice", password);
            }
        });
    }

    @Test
    void angusMailSubmitsWithStartTlsAndAuthAndIsRefusedWhenSpoofing() throws Exception {
        Session session = angusSession(TestGateway.PASSWORD);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("alice@hopital.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("dr.house@cabinet.test"));
        message.setSubject("from Angus");
        message.setText("hello from jakarta.mail\n.a dotted line\n");
        Transport.send(message);
        String body = onlyBody();
        assertTrue(body.contains("Subject: from Angus\r\n"), body);
        assertTrue(body.contains("\r\n.a dotted line"), body);

        MimeMessage spoofed = new MimeMessage(session);
        spoofed.setFrom(new InternetAddress("bob@hopital.test"));
        spoofed.setRecipient(Message.RecipientType.TO, new InternetAddress("dr.house@cabinet.test"));
        spoofed.setText("spoof");
        SMTPSendFailedException refused = assertThrows(SMTPSendFailedException.class,
                () -> Transport.send(spoofed, new jakarta.mail.Address[] {
                        new InternetAddress("dr.house@cabinet.test")}));
        assertEquals(550, refused.getReturnCode());
        assertTrue(refused.getMessage().contains("5.7.1"), refused.getMessage());
    }

    @Test
    void pythonSmtplibSubmitsWithStartTlsAndAuthAndSeesTheRefusals() throws Exception {
        assumeTrue(ExternalProcess.available("python3"), "python3 is not installed");
        Path ca = pki.writeCaPem(dir.resolve("ca.pem"));
        Path script = dir.resolve("client.py");
        Files.writeString(script, """
                import os, smtplib, ssl, sys
                from email.message import EmailMessage
                port = int(sys.argv[1])
                context = ssl.create_default_context(cafile=sys.argv[2])
                msg = EmailMessage()
                msg['From'] = 'Alice <alice@hopital.test>'
                msg['To'] = 'dr.house@cabinet.test'
                msg['Subject'] = 'from smtplib'
                msg['Message-ID'] = '<py-1@hopital.test>'
                msg.set_content('hello from Python\\n.leading dot\\n')
                with smtplib.SMTP('localhost', port, timeout=20) as s:
                    s.starttls(context=context)
                    s.login('alice', os.environ['VILLHOP_TEST_PASSWORD'])
                    s.send_message(msg)
                    print('sent', flush=True)
                    try:
                        s.sendmail('bob@hopital.test', ['dr.house@cabinet.test'], 'From: bob@hopital.test\\r\\n\\r\\nx')
                    except smtplib.SMTPSenderRefused as e:
                        print('sender refused', e.smtp_code, e.smtp_error.decode(), flush=True)
                with smtplib.SMTP('localhost', port, timeout=20) as s:
                    try:
                        s.login('alice', 'wonderland')
                    except smtplib.SMTPNotSupportedError as e:
                        print('no auth before tls', flush=True)
                    s.starttls(context=context)
                    try:
                        s.login('alice', 'not-the-password')
                    except smtplib.SMTPAuthenticationError as e:
                        print('auth refused', e.smtp_code, e.smtp_error.decode(), flush=True)
                with smtplib.SMTP('localhost', port, timeout=20) as s:
                    try:
                        s.sendmail('x@outside.test', ['victim@elsewhere.test'], 'Subject: relay\\r\\n\\r\\nx')
                    except smtplib.SMTPRecipientsRefused as e:
                        code, text = e.recipients['victim@elsewhere.test']
                        print('relay refused', code, text.decode(), flush=True)
                """);
        ExternalProcess.Result result = ExternalProcess.run(dir,
                Map.of("VILLHOP_TEST_PASSWORD", TestGateway.PASSWORD),
                List.of("python3", script.toString(), String.valueOf(gateway.port()), ca.toString()));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("""
                sent
                sender refused 550 5.7.1 user alice may not send as <bob@hopital.test>
                no auth before tls
                auth refused 535 5.7.8 authentication credentials invalid
                relay refused 550 5.7.1 relaying to <victim@elsewhere.test> denied: authenticate to send outside \
                the local domains
                """, result.output());
        String body = onlyBody();
        assertTrue(body.contains("Message-ID: <py-1@hopital.test>"), body);
        assertTrue(body.contains("\r\n.leading dot\r\n"), body);
    }

    @Test
    void swaksSubmitsWithVerifiedStartTlsAndAuthAndIsRefusedForRelayAndWrongPassword() throws Exception {
        assumeTrue(ExternalProcess.available("swaks"), "swaks is not installed (.ci/run installs it)");
        Path ca = pki.writeCaPem(dir.resolve("ca.pem"));
        String port = String.valueOf(gateway.port());
        ExternalProcess.Result sent = ExternalProcess.run(dir, Map.of(), List.of("swaks", "--server", "localhost",
                "--port", port, "--tls", "--tls-verify", "--tls-ca-path", ca.toString(), "--auth", "PLAIN",
                "--auth-user", "alice", "--auth-password", TestGateway.PASSWORD, "--from", "alice@hopital.test",
                "--to", "dr.house@cabinet.test", "--header", "Subject: from swaks", "--body", "hello from swaks"));
        assertEquals(0, sent.exitCode(), sent.output());
        assertTrue(sent.output().contains("250 2.0.0 queued as"), sent.output());
        assertTrue(onlyBody().contains("Subject: from swaks"));

        ExternalProcess.Result relay = ExternalProcess.run(dir, Map.of(), List.of("swaks", "--server", "localhost",
                "--port", port, "--from", "x@outside.test", "--to", "victim@elsewhere.test"));
        assertEquals(24, relay.exitCode(), relay.output());
        assertTrue(relay.output().contains("550 5.7.1 relaying to <victim@elsewhere.test> denied"), relay.output());

        ExternalProcess.Result wrong = ExternalProcess.run(dir, Map.of(), List.of("swaks", "--server", "localhost",
                "--port", port, "--tls", "--tls-verify", "--tls-ca-path", ca.toString(), "--auth", "LOGIN",
                "--auth-user", "alice", "--auth-password", "nope", "--from", "alice@hopital.test",
                "--to", "dr.house@cabinet.test"));
        assertEquals(28, wrong.exitCode(), wrong.output());
        assertTrue(wrong.output().contains("535 5.7.8 authentication credentials invalid"), wrong.output());
        assertEquals(1, gateway.queue.list().size());
    }
}
