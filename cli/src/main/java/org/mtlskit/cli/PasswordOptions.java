package org.mtlskit.cli;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.PasswordSource;
import picocli.CommandLine.Option;

/**
 * Where a password comes from: a file (its first line, as openssl's -passin file: reads it) or an
 * environment variable. Never from the command line, where other users can read it in the process list.
 */
public final class PasswordOptions {
    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "Read the password from the first line of FILE.")
    Path file;

    @Option(
            names = "--password-env",
            paramLabel = "VARIABLE",
            description = "Read the password from environment VARIABLE.")
    String variable;

    /** The password file given, or null: an input no command may write over. */
    public Path file() {
        return file;
    }

    /** The password, or null when none was given. */
    public char[] read(UnaryOperator<String> env) {
        if (file != null && variable != null) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT, "give --password-file or --password-env, not both");
        }
        if (file != null) {
            return PasswordSource.fromFile(file);
        }
        return variable == null ? null : PasswordSource.fromEnvironment(variable, env);
    }
}
