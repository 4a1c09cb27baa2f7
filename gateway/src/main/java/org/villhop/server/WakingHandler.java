package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.villhop.queue.EnvelopeRecipient;
import org.villhop.smtp.MailFrom;
import org.villhop.smtp.Reply;
import org.villhop.smtp.SessionInfo;
import org.villhop.smtp.SmtpHandler;
import org.villhop.smtp.Transaction;

/**
 * Passes everything to the listener logic, wakes the delivery scheduler once a message is queued, and holds a new
 * transaction back while the delivery backlog is full ({@link InflowThrottle}).
 */
final class WakingHandler implements SmtpHandler {
    private final SmtpHandler delegate;
    private final Runnable queued;
    private final InflowThrottle throttle;

    WakingHandler(SmtpHandler delegate, Runnable queued, InflowThrottle throttle) {
        this.delegate = delegate;
        this.queued = queued;
        this.throttle = throttle;
    }

    @Override
    public boolean authenticate(SessionInfo session, String username, char[] password) {
        return delegate.authenticate(session, username, password);
    }

    @Override
    public Reply mailFrom(SessionInfo session, MailFrom mail) {
        try {
            throttle.awaitRoom();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return delegate.mailFrom(session, mail);
    }

    @Override
    public Reply rcptTo(SessionInfo session, MailFrom mail, EnvelopeRecipient recipient) {
        return delegate.rcptTo(session, mail, recipient);
    }

    @Override
    public Reply data(SessionInfo session, Transaction transaction, InputStream message) throws IOException {
        Reply reply = delegate.data(session, transaction, message);
        if (reply.positive()) {
            throttle.accepted();
            queued.run();
        }
        return reply;
    }

    @Override
    public void refused(SessionInfo session, MailFrom mail, List<EnvelopeRecipient> recipients, Reply reply) {
        delegate.refused(session, mail, recipients, reply);
    }
}
