package org.villhop.cli;

/** Exit codes shared by every command. Commands with verdicts (S/MIME verify, cert check) add their own above 9. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The operation failed: bad input file, wrong password, refused certificate, I/O error. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong: unknown option, missing argument, bad value. */
    public static final int USAGE = 2;
    /** An unexpected internal error (a bug): reported in one line, stack trace with --verbose. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
