package org.villhop.smtp;

/** A command the server cannot accept as written; carries the exact reply to send. */
final class SyntaxError extends Exception {
    private final transient Reply reply;

    SyntaxError(int code, String enhanced, String text) {
        super(text, null, false, false);
        this.reply = Reply.of(code, enhanced, text);
    }

    Reply reply() {
        return reply;
    }
}
