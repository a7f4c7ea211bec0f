package org.mtlskit.pki.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtlskit.pki.PkiException;

/** The two checks every command makes before it writes a file a user named or already has. */
public final class OutputFiles {
    private OutputFiles() {}

    /**
     * Refuses (exit 5) to replace an existing {@code target} unless {@code force}. A folder there is
     * left to {@link StagedFiles}, which cannot write a file in its place (exit 6).
     */
    public static void mayReplace(Path target, boolean force) {
        if (!force && Files.exists(target) && !Files.isDirectory(target)) {
            throw new PkiException(
                    PkiException.Kind.OUTPUT_EXISTS, target + ": exists already", PkiException.Remedy.REPLACE_ALLOWED);
        }
    }

    /**
     * Refuses (exit 4), even when replacing is allowed, to write over a file the command reads: a key, a
     * certificate, a CSR, a profile or a password file. Links to it count as the same file.
     *
     * @param inputs the files the command reads; null entries are skipped
     */
    public static void notAnInput(Path target, Path... inputs) {
        if (!Files.exists(target)) {
            return; // an input exists, or reading it has failed already
        }
        for (Path input : inputs) {
            if (input != null && Files.exists(input) && sameFile(target, input)) {
                throw PkiException.unusableInput(
                        target + ": is also an input of this command (" + input
                                + "); ca-tool never writes over a file it reads",
                        PkiException.Remedy.WRITE_ELSEWHERE);
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
