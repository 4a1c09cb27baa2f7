package org.villhop.receipts;

/**
 * What is known of one recipient of a sent message. The rank orders the states along a message's life, so that a receipt
 * arriving late (a DSN "delayed" after the MDN "displayed") does not move the current state backwards. The states a
 * DSN reports may also be the gateway's own observation, so their descriptions do not name the source (the history
 * does).
 */
public enum RecipientStatus {
    SENT(0, "sent, no receipt yet"),
    DELAYED(1, "delayed"),
    RELAYED(2, "relayed to a server without DSN"),
    DELIVERED(3, "delivered"),
    EXPANDED(3, "delivered to a list and expanded"),
    FAILED(4, "failed"),
    DISPATCHED(4, "dispatched (MDN)"),
    PROCESSED(5, "processed (MDN)"),
    INTEGRATION_ERROR(6, "processed with an error (MDN)"),
    DISPLAYED(6, "read (MDN displayed)"),
    DELETED(7, "deleted (MDN)");

    private final int rank;
    private final String description;

    RecipientStatus(int rank, String description) {
        this.rank = rank;
        this.description = description;
    }

    public int rank() {
        return rank;
    }

    public String description() {
        return description;
    }

    /** The status a DSN Action field (RFC 3464 §2.3.3) reports. */
    public static RecipientStatus ofDsnAction(String action) {
        return switch (action.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "delivered" -> DELIVERED;
            case "relayed" -> RELAYED;
            case "expanded" -> EXPANDED;
            case "delayed" -> DELAYED;
            case "failed" -> FAILED;
            default -> throw new ReceiptException("unknown DSN Action '" + action.trim()
                    + "' (expected failed, delayed, delivered, relayed or expanded)");
        };
    }
}
