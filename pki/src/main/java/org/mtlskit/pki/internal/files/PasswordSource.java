package org.mtlskit.pki.internal.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.mtlskit.pki.PkiException;

/**
 * Where a password comes from: a file (its first line, as openssl's -passin file: reads it) or an
 * environment variable; never a command line or a build file, where others can read it. Each
 * program names its own options for them; the errors here name the file or the variable.
 */
public final class PasswordSource {
    /** OpenSSL refuses shorter passwords for keys and PKCS#12 files, so such files would not be readable there. */
    public static final int MINIMUM_LENGTH = 4;

    private PasswordSource() {}

    /** The first line of {@code file}. */
    public static char[] fromFile(Path file) {
        String password = new String(InputFiles.read(file, InputFiles.Kind.PASSWORD), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("");
        return checked(file.toString(), password);
    }

    /** The value of environment variable {@code variable}, looked up through {@code env}. */
    public static char[] fromEnvironment(String variable, UnaryOperator<String> env) {
        String source = "environment variable " + variable;
        String password = env.apply(variable);
        if (password == null) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, source + " is not set");
        }
        return checked(source, password);
    }

    private static char[] checked(String source, String password) {
        if (password.length() < MINIMUM_LENGTH) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    source + ": the password is shorter than " + MINIMUM_LENGTH + " characters, which OpenSSL refuses");
        }
        return password.toCharArray();
    }
}
