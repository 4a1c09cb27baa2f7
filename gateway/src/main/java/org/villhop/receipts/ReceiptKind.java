package org.villhop.receipts;

/** The two kinds of receipt MSSanté uses. */
public enum ReceiptKind {
    /** Delivery status notification (RFC 3464): "accusé de réception". */
    DSN,
    /** Message disposition notification (RFC 8098): "accusé de lecture / d'intégration". */
    MDN
}
