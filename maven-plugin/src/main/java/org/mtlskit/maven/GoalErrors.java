package org.mtlskit.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.PkiException.Remedy;
import org.mtlskit.pki.internal.text.PrintableText;

/**
 * Turns a library error into the one line the build fails with: the library's message, as ca-tool
 * prints it, then what to do in this plugin's words (its parameters, not ca-tool's flags).
 */
final class GoalErrors {
    private GoalErrors() {}

    /** The build failure for {@code e}: one line, escaped like ca-tool's, with no stack trace in the message. */
    static MojoFailureException failure(PkiException e) {
        String line = e.getMessage() + e.remedy().map(GoalErrors::text).orElse("");
        return new MojoFailureException(PrintableText.escape(line), e);
    }

    /** A remedy as the end of the message it follows, naming the plugin's parameters. */
    static String text(Remedy remedy) {
        return switch (remedy) {
            case REPLACE_ALLOWED -> "; <force>true</force> (or -Dmtlskit.force) replaces it";
            case REPLACE_OR_OTHER_NAME -> "; <force>true</force> (or -Dmtlskit.force) replaces it";
            case CA_REPLACE_ALLOWED ->
                " and its key is replaced only with <force>true</force> (or -Dmtlskit.force), "
                        + "which re-makes everything it signed";
            case WRITE_ELSEWHERE -> ", force or not";
            case PROFILES_FOLDER -> " (set it with <profiles>)";
            case OUTPUT_FOLDER -> " (the output folder is set with <outputDirectory>)";
            case PASSWORD_NEEDED -> "; give its password with <passwordFile> or <passwordEnv>";
            case PROTECTING_PASSWORD_NEEDED -> ": give <passwordFile> or <passwordEnv>";
            case PROFILE_NAME_NEEDED, LEAF_PROFILE_NEEDED, PROFILE_NEEDED -> " (name the profile with <name>)";
        };
    }
}
