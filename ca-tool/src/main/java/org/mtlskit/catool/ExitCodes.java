package org.mtlskit.catool;

import org.mtlskit.pki.PkiException;

/** ca-tool's exit codes, as listed in its --help and docs/ca-tool.md. */
public final class ExitCodes extends org.mtlskit.cli.ExitCodes {
    private ExitCodes() {}

    public static final int INVALID_PROFILE = 3;
    public static final int UNUSABLE_INPUT = 4;
    public static final int OUTPUT_EXISTS = 5;
    public static final int WRITE_FAILED = 6;
    /** ca-tool verify refused the certificate: a verdict, not an error, so no PkiException maps to it. */
    public static final int VERIFICATION_FAILED = 7;
    /** ca-tool lint found a rule of the target broken: a verdict, not an error. */
    public static final int LINT_FINDINGS = 8;
    /** ca-tool fixtures --check: something would be created, re-issued or is near expiry; a finding, not an error. */
    public static final int CHECK_FOUND_CHANGES = 9;
    /** The output folder is locked by another running ca-tool (see FolderLock). */
    public static final int FOLDER_LOCKED = 10;
    /** A command that only reads (verify, show, lint, fixtures --check) met a folder holding an unfinished commit. */
    public static final int UNFINISHED_COMMIT = 11;

    public static int of(PkiException.Kind kind) {
        return switch (kind) {
            case INVALID_PROFILE -> INVALID_PROFILE;
            case UNUSABLE_INPUT -> UNUSABLE_INPUT;
            case OUTPUT_EXISTS -> OUTPUT_EXISTS;
            case WRITE_FAILED -> WRITE_FAILED;
            case FOLDER_LOCKED -> FOLDER_LOCKED;
            case UNFINISHED_COMMIT -> UNFINISHED_COMMIT;
        };
    }
}
