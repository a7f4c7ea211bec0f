package org.mtlskit.pki;

import java.util.Optional;

/**
 * The one error type of the certificate library. Its message is a single line a user can act on,
 * naming the file and what is wrong with it; its {@link Kind} decides the exit code a command returns.
 * The message names no option of any tool: when the user can do something about the error (give a
 * password, allow a replacement, choose another name), that is its {@link Remedy}, which a program
 * shows in its own words (a command-line tool names its flags).
 */
public final class PkiException extends RuntimeException {

    /** What went wrong, coarse enough to map to an exit code. */
    public enum Kind {
        /** A profile is malformed or asks for something impossible. */
        INVALID_PROFILE,
        /** An input file (key, certificate, CSR) is missing, unreadable or unusable. */
        UNUSABLE_INPUT,
        /** An output exists and is replaced only when the caller allows it (the force argument). */
        OUTPUT_EXISTS,
        /** An output could not be written. */
        WRITE_FAILED,
        /** The output folder is locked by another running ca-tool. */
        FOLDER_LOCKED,
        /** A folder read holds a commit a killed run did not finish: its files may be a mix of two sets. */
        UNFINISHED_COMMIT
    }

    /** What the user can do about an error, named by meaning; each program words it its own way. */
    public enum Remedy {
        /** The existing output is replaced when the caller allows replacing (the force argument). */
        REPLACE_ALLOWED,
        /** The existing output is replaced when the caller allows replacing, or another name avoids it. */
        REPLACE_OR_OTHER_NAME,
        /**
         * A CA's key is replaced only when the caller allows replacing, and then every certificate
         * that CA signed is made again.
         */
        CA_REPLACE_ALLOWED,
        /** Nothing allows it, not even allowing replacement: write the output to another file. */
        WRITE_ELSEWHERE,
        /** The profiles folder is a choice of the caller: give the folder that holds the profiles. */
        PROFILES_FOLDER,
        /** File names in a profile are taken within the output folder, which the caller chooses. */
        OUTPUT_FOLDER,
        /** The private key is encrypted: give the password that decrypts it. */
        PASSWORD_NEEDED,
        /** What a profile asks to write (an encrypted key, a PKCS#12 keystore) needs a password to protect it. */
        PROTECTING_PASSWORD_NEEDED,
        /** The profile name made from the file name is not valid: give the name to use. */
        PROFILE_NAME_NEEDED,
        /** Signing a CSR needs a leaf profile: name one. */
        LEAF_PROFILE_NEEDED,
        /** No profile is found for a CSR by its file name: name the profile to sign it with. */
        PROFILE_NEEDED
    }

    private final Kind kind;
    private final Remedy remedy;

    public PkiException(Kind kind, String message) {
        this(kind, message, (Remedy) null);
    }

    public PkiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.remedy = null;
    }

    /** An error the user can remedy; {@code message} names no option of any tool. */
    public PkiException(Kind kind, String message, Remedy remedy) {
        super(message);
        this.kind = kind;
        this.remedy = remedy;
    }

    public Kind kind() {
        return kind;
    }

    /** What the user can do about this error, if the library knows; empty otherwise. */
    public Optional<Remedy> remedy() {
        return Optional.ofNullable(remedy);
    }

    public static PkiException invalidProfile(String message) {
        return new PkiException(Kind.INVALID_PROFILE, message);
    }

    public static PkiException unusableInput(String message) {
        return new PkiException(Kind.UNUSABLE_INPUT, message);
    }

    public static PkiException unusableInput(String message, Remedy remedy) {
        return new PkiException(Kind.UNUSABLE_INPUT, message, remedy);
    }

    public static PkiException unusableInput(String message, Throwable cause) {
        return new PkiException(Kind.UNUSABLE_INPUT, message, cause);
    }
}
