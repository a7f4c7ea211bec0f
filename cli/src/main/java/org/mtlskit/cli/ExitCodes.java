package org.mtlskit.cli;

/**
 * Exit codes: the ones both tools share, and the rule behind every code of either. 0 is success, 2 a
 * usage error, and 1 is for our own bugs only: bad input of any kind gets a code of its own, documented
 * in the tool's --help and docs. Each tool's {@code ExitCodes} extends this class with its numbers.
 */
public class ExitCodes {
    protected ExitCodes() {}

    public static final int OK = 0;
    /** A bug of ours (an exception the library does not throw on purpose); never bad input. */
    public static final int INTERNAL = 1;
    /** An unknown option, a missing argument, a value out of range: picocli's exitCodeOnInvalidInput. */
    public static final int USAGE = 2;
}
