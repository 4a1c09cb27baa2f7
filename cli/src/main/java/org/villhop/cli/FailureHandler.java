package org.villhop.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import picocli.CommandLine;

/** Turns exceptions thrown by commands into one line on standard error and an exit code; never a stack trace. */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    private final Villhop root;

    FailureHandler(Villhop root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Throwable shown = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        int code;
        String message;
        if (shown instanceof CommandFailure failure) {
            code = failure.exitCode();
            message = failure.getMessage();
        } else if (shown instanceof NoSuchFileException missing) {
            code = ExitCodes.FAILURE;
            message = "no such file: " + missing.getFile();
        } else if (shown instanceof AccessDeniedException denied) {
            code = ExitCodes.FAILURE;
            message = "permission denied: " + denied.getFile();
        } else if (shown instanceof java.io.IOException io) {
            code = ExitCodes.FAILURE;
            message = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
        } else if (shown instanceof IllegalArgumentException bad) {
            code = ExitCodes.FAILURE;
            message = bad.getMessage();
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error: " + shown + (root.verbose ? "" : " (run with --verbose for details)");
        }
        cmd.getErr().println("villhop: " + message);
        if (root.verbose) {
            shown.printStackTrace(cmd.getErr());
        }
        return code;
    }
}
