package org.villhop.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.villhop.audit.AuditEvent;
import org.villhop.audit.AuditJournal;
import org.villhop.policy.AcceptancePolicy;
import org.villhop.policy.ContentCheck;
import org.villhop.policy.HeaderBlock;
import org.villhop.policy.Submitter;
import org.villhop.policy.Verdict;
import org.villhop.queue.Envelope;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.queue.MessageQueue;
import org.villhop.queue.StagedBody;
import org.villhop.users.UserDirectory;

/**
 * The gateway's listener logic: users authenticate against the {@link UserDirectory}, the
 * {@link AcceptancePolicy} decides on senders, recipients and (from the spooled copy) the From/Sender headers, and an
 * accepted message is committed to the {@link MessageQueue} before {@code 250} is returned. A {@link ContentCheck} may
 * refuse a message on its content before it is committed. Logins, accepted messages and every refusal (at
 * MAIL FROM, RCPT TO or DATA, including those the server or a wrapping handler reports through
 * {@link #refused}) go to the {@link AuditJournal}.
 */
public final class QueueingHandler implements SmtpHandler {
    private final UserDirectory users;
    private final AcceptancePolicy policy;
    private final MessageQueue queue;
    private final AuditJournal audit;
    private final ContentCheck content;

    public QueueingHandler(UserDirectory users, AcceptancePolicy policy, MessageQueue queue, AuditJournal audit) {
        this(users, policy, queue, audit, ContentCheck.NONE);
    }

    public QueueingHandler(UserDirectory users, AcceptancePolicy policy, MessageQueue queue, AuditJournal audit,
                           ContentCheck content) {
        this.users = users;
        this.policy = policy;
        this.queue = queue;
        this.audit = audit;
        this.content = content;
    }

    @Override
    public boolean authenticate(SessionInfo session, String username, char[] password) {
        boolean ok = users.authenticate(username, password).isPresent();
        audit.record(AuditEvent.login(username, session.remoteIp(), ok,
                session.listener() + (ok ? "" : ": wrong username or password")));
        return ok;
    }

    @Override
    public Reply mailFrom(SessionInfo session, MailFrom mail) {
        Verdict verdict = policy.checkSender(submitter(session), mail.reversePath());
        if (verdict.accepted()) {
            return Reply.of(250, "2.1.0", "sender <" + mail.reversePath() + "> OK");
        }
        Reply refusal = reply(verdict);
        refused(session, mail, List.of(), refusal);
        return refusal;
    }

    @Override
    public Reply rcptTo(SessionInfo session, MailFrom mail, EnvelopeRecipient recipient) {
        Verdict verdict = policy.checkRecipient(submitter(session), recipient.address());
        if (verdict.accepted()) {
            return Reply.of(250, "2.1.5", "recipient <" + recipient.address() + "> OK");
        }
        Reply refusal = reply(verdict);
        refused(session, mail, List.of(recipient), refusal);
        return refusal;
    }

    /** Every refusal, whoever made it, is one {@code message.refused} audit event with the reply given. */
    @Override
    public void refused(SessionInfo session, MailFrom mail, List<EnvelopeRecipient> recipients, Reply reply) {
        audit.record(event(session, AuditEvent.MESSAGE_REFUSED, null, mail,
                recipients.stream().map(EnvelopeRecipient::address).toList(),
                reply + " (" + session.listener() + ")"));
    }

    @Override
    public Reply data(SessionInfo session, Transaction transaction, InputStream message) throws IOException {
        MailFrom mail = transaction.mailFrom();
        List<String> to = transaction.recipients().stream().map(EnvelopeRecipient::address).toList();
        try (StagedBody staged = queue.stage(message)) {
            HeaderBlock headers;
            Verdict verdict;
            try (InputStream spooled = staged.open()) {
                headers = HeaderBlock.read(spooled);
                verdict = policy.checkHeaders(submitter(session), headers, mail.reversePath(), to);
            } catch (HeaderBlock.HeaderTooLargeException e) {
                headers = null;
                verdict = AcceptancePolicy.headersTooLarge();
            }
            String messageId = headers == null || headers.values("Message-ID").isEmpty() ? null
                    : headers.values("Message-ID").get(0);
            if (verdict.accepted()) {
                verdict = content.check(submitter(session), staged::open);
            }
            if (!verdict.accepted()) {
                audit.record(event(session, AuditEvent.MESSAGE_REFUSED, messageId, mail, to,
                        verdict.code() + " " + verdict.enhanced() + " " + verdict.text()));
                return reply(verdict);
            }
            Envelope envelope = new Envelope(mail.reversePath(), transaction.recipients(), mail.envelopeId(),
                    mail.dsnReturn(), mail.bodyType(), mail.smtpUtf8(), session.authenticatedUser(),
                    session.remoteIp(), session.heloName());
            String id = queue.commit(staged, envelope);
            audit.record(event(session, AuditEvent.MESSAGE_ACCEPTED, messageId == null ? id : messageId, mail, to,
                    "queued as " + id + " (" + staged.size() + " octets, " + session.listener() + ")"));
            return Reply.of(250, "2.0.0", "queued as " + id);
        }
    }

    private static AuditEvent event(SessionInfo session, String action, String messageId, MailFrom mail,
                                    List<String> to, String detail) {
        return new AuditEvent(action, action.equals(AuditEvent.MESSAGE_ACCEPTED) ? AuditEvent.SUCCESS
                : AuditEvent.FAILURE, session.authenticatedUser(), session.remoteIp(), messageId,
                mail.reversePath(), to, detail);
    }

    private static Submitter submitter(SessionInfo session) {
        return new Submitter(session.authenticatedUser(), session.remoteIp());
    }

    private static Reply reply(Verdict verdict) {
        return Reply.of(verdict.code(), verdict.enhanced(), verdict.text());
    }
}
