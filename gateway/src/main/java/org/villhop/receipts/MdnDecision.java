package org.villhop.receipts;

/** What {@link MdnComposer#compose} decided: an MDN to send, or why none is sent automatically. */
public sealed interface MdnDecision {

    /** An MDN to send with the null envelope sender ({@code MAIL FROM:<>}) to {@link ComposedReply#recipient()}. */
    record Send(ComposedReply mdn) implements MdnDecision {
    }

    /** The original has no Disposition-Notification-To: no MDN (an error goes back as a plain mail instead). */
    record NotRequested() implements MdnDecision {
    }

    /**
     * An MDN was requested but must not be sent automatically (RFC 8098 §2.1: the address differs from the
     * Return-Path, several addresses, or a required option villhop does not know): a human must confirm.
     */
    record NeedsHuman(String reason) implements MdnDecision {
    }

    /** The original is itself a receipt: a receipt is never answered with a receipt. */
    record ReceiptNotAnswered() implements MdnDecision {
    }
}
