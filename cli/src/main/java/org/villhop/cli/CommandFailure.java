package org.villhop.cli;

/**
 * Thrown by a command to stop with a message for the user and an exit code. The message is printed as
 * {@code villhop: <message>} on standard error, without a stack trace.
 */
public final class CommandFailure extends RuntimeException {
    private final int exitCode;

    public CommandFailure(String message) {
        this(message, ExitCodes.FAILURE);
    }

    public CommandFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = ExitCodes.FAILURE;
    }

    public int exitCode() {
        return exitCode;
    }
}
