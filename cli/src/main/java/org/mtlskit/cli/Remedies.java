package org.mtlskit.cli;

import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.PkiException.Remedy;

/**
 * The one place where a library {@link Remedy} becomes the command-line words that name our flags.
 * The library's messages name no flag; a tool shows {@link #line} instead of the bare message, so the
 * flag a user needs is never lost. Each text continues the message it follows, separator included.
 */
public final class Remedies {
    private Remedies() {}

    /** The flags that carry out {@code remedy}, as the end of the message they follow. */
    public static String text(Remedy remedy) {
        return switch (remedy) {
            case REPLACE_ALLOWED -> "; --force replaces it";
            case REPLACE_OR_OTHER_NAME -> "; --force replaces it, or give another name with --as NAME";
            case CA_REPLACE_ALLOWED ->
                " and its key is replaced only with --force, which re-makes everything it signed";
            case WRITE_ELSEWHERE -> ", --force or not";
            case PROFILES_FOLDER -> " (set it with --profiles)";
            case OUTPUT_FOLDER -> " (the output folder is set with --out)";
            case PASSWORD_NEEDED -> "; give its password with --password-file FILE or --password-env VARIABLE";
            case PROTECTING_PASSWORD_NEEDED -> ": give --password-file FILE or --password-env VARIABLE";
            case PROFILE_NAME_NEEDED -> " (give one with --as NAME)";
            case LEAF_PROFILE_NEEDED -> ": name a leaf profile with --profile";
            case PROFILE_NEEDED -> "; give the profile with --profile NAME";
        };
    }

    /** The error's one line as a tool prints it: the library's message, then its remedy in flags. */
    public static String line(PkiException e) {
        return e.getMessage() + e.remedy().map(Remedies::text).orElse("");
    }
}
