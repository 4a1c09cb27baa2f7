package org.villhop.audit;

import java.util.List;
import java.util.Objects;

/**
 * One thing worth a trace: a message accepted, delivered, deferred or bounced, a login. The journal adds the time.
 *
 * @param action        what happened: {@code message.accepted}, {@code message.delivered}, {@code message.deferred},
 *                      {@code message.bounced}, {@code login} … (see the constants)
 * @param outcome       {@code success}, {@code failure}, or a short verdict
 * @param actor         who acted: the authenticated user, the component ({@code delivery}), or null
 * @param remoteAddress the peer's address (IP, or host:port for delivery), or null
 * @param messageId     the queue id and/or Message-ID, or null
 * @param sender        the envelope sender, or null
 * @param recipients    the recipients concerned (possibly empty)
 * @param detail        free text: the reply received, the reason of a refusal (never a secret)
 */
public record AuditEvent(String action, String outcome, String actor, String remoteAddress, String messageId,
                         String sender, List<String> recipients, String detail) {
    public static final String MESSAGE_ACCEPTED = "message.accepted";
    public static final String MESSAGE_REFUSED = "message.refused";
    public static final String MESSAGE_DELIVERED = "message.delivered";
    public static final String MESSAGE_DEFERRED = "message.deferred";
    public static final String MESSAGE_BOUNCED = "message.bounced";
    public static final String LOGIN = "login";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public AuditEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** A login attempt by {@code user} from {@code remoteAddress}. */
    public static AuditEvent login(String user, String remoteAddress, boolean success, String detail) {
        return new AuditEvent(LOGIN, success ? SUCCESS : FAILURE, user, remoteAddress, null, null, List.of(), detail);
    }
}
