package org.mtlskit.pki;

/**
 * The one error type of the certificate library. Its message is a single line a user can act on,
 * naming the file and what is wrong with it; its {@link Kind} decides the exit code a command returns.
 */
public final class PkiException extends RuntimeException {

    /** What went wrong, coarse enough to map to an exit code. */
    public enum Kind {
        /** A profile is malformed or asks for something impossible. */
        INVALID_PROFILE,
        /** An input file (key, certificate, CSR) is missing, unreadable or unusable. */
        UNUSABLE_INPUT,
        /** An output exists and may only be replaced with --force. */
        OUTPUT_EXISTS,
        /** An output could not be written. */
        WRITE_FAILED,
        /** The output folder is locked by another running ca-tool. */
        FOLDER_LOCKED
    }

    private final Kind kind;

    public PkiException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PkiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static PkiException invalidProfile(String message) {
        return new PkiException(Kind.INVALID_PROFILE, message);
    }

    static PkiException unusableInput(String message) {
        return new PkiException(Kind.UNUSABLE_INPUT, message);
    }

    static PkiException unusableInput(String message, Throwable cause) {
        return new PkiException(Kind.UNUSABLE_INPUT, message, cause);
    }
}
