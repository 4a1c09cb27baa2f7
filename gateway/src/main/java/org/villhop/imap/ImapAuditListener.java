package org.villhop.imap;

/** Receives the IMAP server's audit events (logins and changes); connected to the audit journal by the gateway. */
@FunctionalInterface
public interface ImapAuditListener {

    ImapAuditListener NONE = event -> { };

    void record(ImapAuditEvent event);
}
