package org.villhop.imap;

import java.time.Instant;

/**
 * Something the audit journal records: a login (its outcome) or a change a user made. {@code user} is the name given
 * by the client for failed logins; {@code mailbox} and {@code detail} may be empty.
 */
public record ImapAuditEvent(Instant at, Type type, String user, String remoteAddress, String mailbox, String detail) {

    public enum Type { LOGIN_SUCCEEDED, LOGIN_FAILED, APPEND, COPY, MOVE, EXPUNGE, CREATE, DELETE, RENAME }
}
