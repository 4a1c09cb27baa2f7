package org.villhop.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mail transaction over an open connection: MAIL, RCPT for each recipient, DATA with the streamed content.
 * Pipelines the envelope when the peer offers PIPELINING, passes the DSN parameters on when it offers DSN, and refuses
 * before sending anything when the message exceeds the peer's announced SIZE.
 */
final class SmtpTransaction {
    private final SmtpConnection connection;
    private final Clock clock;

    SmtpTransaction(SmtpConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** Returns one outcome per recipient, in order. Connection loss defers the recipients without an outcome. */
    List<RecipientOutcome> send(OutboundMessage message, List<Recipient> recipients) {
        String host = connection.destination().host();
        connection.markUsed();
        long limit = connection.sizeLimit();
        if (limit > 0 && message.size() > limit) {
            return all(recipients, RecipientOutcome.Result.FAILED, "5.3.4", "message of " + message.size()
                    + " bytes exceeds the limit of " + limit + " bytes announced by " + host, host);
        }
        boolean utf8 = !isAscii(message.envelope().mailFrom())
                || recipients.stream().anyMatch(r -> !isAscii(r.address()));
        if (utf8 && !connection.supports("SMTPUTF8")) {
            return all(recipients, RecipientOutcome.Result.FAILED, "5.6.7", "the envelope has non-ASCII addresses and "
                    + host + " does not announce SMTPUTF8", host);
        }
        Map<Recipient, RecipientOutcome> outcomes = new LinkedHashMap<>();
        try {
            run(message, recipients, outcomes);
        } catch (LocalContentException e) {
            connection.markBroken();
            for (Recipient r : recipients) {
                outcomes.putIfAbsent(r, RecipientOutcome.local(r, RecipientOutcome.Result.DEFERRED, "4.3.0",
                        e.getMessage(), null, clock.instant()));
            }
        } catch (IOException e) {
            connection.markBroken();
            for (Recipient r : recipients) {
                outcomes.putIfAbsent(r, RecipientOutcome.local(r, RecipientOutcome.Result.DEFERRED, "4.4.2",
                        "connection with " + host + " lost: " + SmtpConnection.describe(e), host, clock.instant()));
            }
        }
        return recipients.stream().map(outcomes::get).toList();
    }

    private void run(OutboundMessage message, List<Recipient> recipients, Map<Recipient, RecipientOutcome> outcomes)
            throws IOException {
        String host = connection.destination().host();
        boolean dsn = connection.supports("DSN");
        boolean pipelining = connection.supports("PIPELINING");

        List<String> rcptCommands = recipients.stream().map(r -> rcptCommand(r, dsn)).toList();
        SmtpReply mailReply;
        List<SmtpReply> rcptReplies = new ArrayList<>();
        SmtpReply dataReply = null;
        if (pipelining) {
            connection.write(mailCommand(message, dsn));
            for (String rcpt : rcptCommands) {
                connection.write(rcpt);
            }
            connection.write("DATA");
            connection.flush();
            mailReply = connection.readReply();
            for (int i = 0; i < recipients.size(); i++) {
                rcptReplies.add(connection.readReply());
            }
            dataReply = connection.readReply();
        } else {
            mailReply = connection.command(mailCommand(message, dsn));
            if (mailReply.isPositive()) {
                for (String rcpt : rcptCommands) {
                    rcptReplies.add(connection.command(rcpt));
                }
            }
        }
        if (!mailReply.isPositive()) {
            for (Recipient r : recipients) {
                outcomes.put(r, RecipientOutcome.fromReply(r, mailReply, host, false, clock.instant()));
            }
            endUnusedData(dataReply);
            return;
        }
        List<Recipient> accepted = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            SmtpReply reply = rcptReplies.get(i);
            if (reply.isPositive()) {
                accepted.add(recipients.get(i));
            } else {
                outcomes.put(recipients.get(i), RecipientOutcome.fromReply(recipients.get(i), reply, host, dsn,
                        clock.instant()));
            }
        }
        if (accepted.isEmpty()) {
            endUnusedData(dataReply);
            return;
        }
        if (dataReply == null) {
            dataReply = connection.command("DATA");
        }
        SmtpReply finalReply = dataReply.isIntermediate() ? streamContent(message) : dataReply;
        for (Recipient r : accepted) {
            outcomes.put(r, RecipientOutcome.fromReply(r, finalReply, host, dsn, clock.instant()));
        }
    }

    private SmtpReply streamContent(OutboundMessage message) throws IOException {
        SmtpDataOutputStream data = new SmtpDataOutputStream(connection.rawOutput());
        try (InputStream content = openContent(message)) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = readContent(content, buffer)) >= 0) {
                data.write(buffer, 0, n);
            }
        }
        data.finish();
        return connection.readDataReply();
    }

    private static InputStream openContent(OutboundMessage message) throws LocalContentException {
        try {
            return message.body().open();
        } catch (IOException e) {
            throw new LocalContentException(e);
        }
    }

    private static int readContent(InputStream content, byte[] buffer) throws LocalContentException {
        try {
            return content.read(buffer);
        } catch (IOException e) {
            throw new LocalContentException(e);
        }
    }

    /**
     * The message content could not be read here (not a network problem). The peer has seen a partial message
     * without the final dot: the connection is closed, which makes it discard what it got.
     */
    private static final class LocalContentException extends IOException {
        LocalContentException(IOException cause) {
            super("cannot read the message content locally: " + SmtpConnection.describe(cause), cause);
        }
    }

    /** In a pipelined transaction where every recipient failed, a 354 to DATA still needs its end. */
    private void endUnusedData(SmtpReply dataReply) throws IOException {
        if (dataReply != null && dataReply.isIntermediate()) {
            connection.command(".");
        }
    }

    private String mailCommand(OutboundMessage message, boolean dsn) {
        Envelope envelope = message.envelope();
        StringBuilder line = new StringBuilder("MAIL FROM:<").append(envelope.mailFrom()).append('>');
        if (connection.supports("SIZE")) {
            line.append(" SIZE=").append(message.size());
        }
        if (envelope.eightBit() && connection.supports("8BITMIME")) {
            line.append(" BODY=8BITMIME");
        }
        if (!isAscii(envelope.mailFrom())
                || envelope.recipients().stream().anyMatch(r -> !isAscii(r.address()))) {
            line.append(" SMTPUTF8");
        }
        if (dsn && envelope.ret() != null) {
            line.append(" RET=").append(envelope.ret().name());
        }
        if (dsn && envelope.envelopeId() != null) {
            line.append(" ENVID=").append(XText.encode(envelope.envelopeId()));
        }
        return line.toString();
    }

    private static String rcptCommand(Recipient recipient, boolean dsn) {
        StringBuilder line = new StringBuilder("RCPT TO:<").append(recipient.address()).append('>');
        if (dsn && !recipient.notifyOn().isEmpty()) {
            line.append(" NOTIFY=").append(String.join(",",
                    recipient.notifyOn().stream().sorted().map(Enum::name).toList()));
        }
        if (dsn && recipient.originalRecipient() != null) {
            String orcpt = recipient.originalRecipient();
            int semi = orcpt.indexOf(';');
            line.append(" ORCPT=").append(orcpt, 0, semi + 1).append(XText.encode(orcpt.substring(semi + 1)));
        }
        return line.toString();
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    private List<RecipientOutcome> all(List<Recipient> recipients, RecipientOutcome.Result result, String status,
                                       String detail, String host) {
        return recipients.stream()
                .map(r -> RecipientOutcome.local(r, result, status, detail, host, clock.instant())).toList();
    }
}
