package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.villhop.policy.PeerCertificatePolicy;
import org.villhop.policy.Verdict;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.smtp.MailFrom;
import org.villhop.smtp.Reply;
import org.villhop.smtp.SessionInfo;
import org.villhop.smtp.SmtpHandler;
import org.villhop.smtp.Transaction;

/**
 * Applies the {@link PeerCertificatePolicy} at MAIL FROM to unauthenticated peers (the MX listener: submission
 * listeners require AUTH before MAIL), then passes everything on.
 */
final class TrustSpacePeerHandler implements SmtpHandler {
    private final SmtpHandler delegate;
    private final PeerCertificatePolicy peers;

    TrustSpacePeerHandler(SmtpHandler delegate, PeerCertificatePolicy peers) {
        this.delegate = delegate;
        this.peers = peers;
    }

    @Override
    public boolean authenticate(SessionInfo session, String username, char[] password) {
        return delegate.authenticate(session, username, password);
    }

    @Override
    public Reply mailFrom(SessionInfo session, MailFrom mail) {
        if (session.authenticatedUser() == null) {
            Verdict verdict = peers.check(mail.reversePath(), session.tls() != null,
                    session.tls() == null ? List.of() : session.tls().peerCertificates());
            if (!verdict.accepted()) {
                Reply refusal = Reply.of(verdict.code(), verdict.enhanced(), verdict.text());
                delegate.refused(session, mail, List.of(), refusal);
                return refusal;
            }
        }
        return delegate.mailFrom(session, mail);
    }

    @Override
    public Reply rcptTo(SessionInfo session, MailFrom mail, EnvelopeRecipient recipient) {
        return delegate.rcptTo(session, mail, recipient);
    }

    @Override
    public Reply data(SessionInfo session, Transaction transaction, InputStream message) throws IOException {
        return delegate.data(session, transaction, message);
    }

    @Override
    public void refused(SessionInfo session, MailFrom mail, List<EnvelopeRecipient> recipients, Reply reply) {
        delegate.refused(session, mail, recipients, reply);
    }
}
