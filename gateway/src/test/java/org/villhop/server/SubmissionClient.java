package org.villhop.server;

import java.io.IOException;
import java.util.List;

import org.villhop.testing.RawSmtpClient;

/** Line-level SMTP against the gateway's listeners: exact commands, replies returned verbatim. */
final class SubmissionClient implements AutoCloseable {
    final RawSmtpClient smtp;

    private SubmissionClient(RawSmtpClient smtp) {
        this.smtp = smtp;
    }

    /** Connected to the submission listener, after STARTTLS and AUTH PLAIN as {@code user} (sample password). */
    static SubmissionClient login(GatewayHarness h, String user) throws IOException {
        RawSmtpClient smtp = new RawSmtpClient(h.port("submission"));
        smtp.reply();
        smtp.command("EHLO client.test");
        smtp.startTls(h.clientTls);
        smtp.command("EHLO client.test");
        String auth = smtp.command("AUTH PLAIN " + RawSmtpClient.plain(user, GatewayHarness.password()));
        if (!auth.startsWith("235")) {
            smtp.close();
            throw new IOException("login refused: " + auth);
        }
        return new SubmissionClient(smtp);
    }

    /** Connected in clear text (a peer on the MX listener), after the greeting and EHLO. */
    static SubmissionClient plain(int port) throws IOException {
        RawSmtpClient smtp = new RawSmtpClient(port);
        smtp.reply();
        smtp.command("EHLO peer.test");
        return new SubmissionClient(smtp);
    }

    /**
     * One transaction. {@code mailFrom} and each of {@code rcptTo} are what follows "MAIL FROM:" / "RCPT TO:"
     * (address in brackets, then parameters). Returns the reply to the end of data, or the first refusal.
     */
    String send(String mailFrom, List<String> rcptTo, String content) throws IOException {
        String reply = smtp.command("MAIL FROM:" + mailFrom);
        if (!reply.startsWith("250")) {
            return reply;
        }
        for (String rcpt : rcptTo) {
            reply = smtp.command("RCPT TO:" + rcpt);
            if (!reply.startsWith("250")) {
                smtp.command("RSET");
                return reply;
            }
        }
        reply = smtp.command("DATA");
        if (!reply.startsWith("354")) {
            return reply;
        }
        return smtp.command(content.replace("\r\n.", "\r\n..") + ".");
    }

    @Override
    public void close() throws IOException {
        smtp.close();
    }
}
