package org.villhop.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.villhop.queue.EnvelopeRecipient;

/**
 * The logic behind an SMTP listener. The server does the protocol (syntax, order, limits, TLS, SASL framing) and asks
 * the handler for every decision: {@code authenticate}, then per transaction {@code mailFrom → rcptTo* → data}.
 * Methods are called from the connection's virtual thread; a handler serves many connections at once.
 */
public interface SmtpHandler {

    /** AUTH PLAIN/LOGIN, only ever asked over TLS: true when the credentials are right. */
    boolean authenticate(SessionInfo session, String username, char[] password);

    /** MAIL FROM (syntax already checked, SIZE within the limit). A non-positive reply refuses the sender. */
    Reply mailFrom(SessionInfo session, MailFrom mail);

    /** RCPT TO (syntax checked, within the recipient limit). A non-positive reply refuses this recipient. */
    Reply rcptTo(SessionInfo session, MailFrom mail, EnvelopeRecipient recipient);

    /**
     * DATA: {@code message} yields the message, dot-unstuffed, with the server's {@code Received:} header first, and
     * ends at the terminating dot. The handler must read it to its end before making the message durable, and let
     * its {@link IOException}s propagate: the stream throws when the message exceeds the size limit or contains a
     * bare CR or LF, and the server then answers with the right refusal. Return 250 only once the message is safe.
     */
    Reply data(SessionInfo session, Transaction transaction, InputStream message) throws IOException;

    /**
     * Told of a refusal made in front of this handler (by the server: SIZE over the limit, authentication required,
     * too many recipients, a message over the size limit or with a bare line ending; or by a wrapping handler), so
     * that every refused sender, recipient or message can be recorded in one place. {@code recipients} are the ones
     * the refusal concerns (empty at MAIL FROM). Refusals the handler returns itself are not reported again.
     */
    default void refused(SessionInfo session, MailFrom mail, List<EnvelopeRecipient> recipients, Reply reply) {
    }
}
