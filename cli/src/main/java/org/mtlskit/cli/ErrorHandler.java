package org.mtlskit.cli;

import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.text.PrintableText;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a library error into one line on stderr (its message and, in flags, its remedy: see
 * {@link Remedies}) and its exit code; a stack trace only with --verbose. Both tools use it, each with its own exit codes.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private final String tool;
    private final BooleanSupplier verbose;
    private final ToIntFunction<PkiException.Kind> exitCodes;

    public ErrorHandler(String tool, BooleanSupplier verbose, ToIntFunction<PkiException.Kind> exitCodes) {
        this.tool = tool;
        this.verbose = verbose;
        this.exitCodes = exitCodes;
    }

    /**
     * A usage error: the same "TOOL: error: " line as every other error, then picocli's suggestions
     * for a misspelt option, then one line that says where the usage is ("see 'TOOL CMD --help'"):
     * the whole usage would bury the one line that matters.
     */
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(tool + ": error: " + e.getMessage());
        if (verbose.getAsBoolean()) {
            e.printStackTrace(err);
        }
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println(tool + ": see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (e instanceof PkiException pe) {
            // Escaped as a whole: a file name or a decoder's words can hold a newline or ESC too.
            err.println(tool + ": error: " + PrintableText.escape(Remedies.line(pe)));
            if (verbose.getAsBoolean()) {
                pe.printStackTrace(err);
            }
            err.flush();
            return exitCodes.applyAsInt(pe.kind());
        }
        err.println(tool + ": internal error: " + PrintableText.escape(String.valueOf(e))
                + (verbose.getAsBoolean() ? "" : " (run with --verbose for details)"));
        if (verbose.getAsBoolean()) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }
}
