package org.villhop.upstream;

/** How the connection to the operator's IMAP server is protected. Both require TLS; there is no clear-text mode. */
public enum TlsMode {
    /** TLS from the first byte (port 993 style). */
    IMPLICIT,
    /** Clear-text greeting then STARTTLS, which is required (port 143 style); authentication only after TLS. */
    STARTTLS
}
