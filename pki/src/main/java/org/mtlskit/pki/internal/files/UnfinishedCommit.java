package org.mtlskit.pki.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.mtlskit.pki.PkiException;

/**
 * What a reader of ca-tool's files does before it reads them: refuse a folder that holds an
 * unfinished commit (a run killed between its first and its last rename left its commit record,
 * {@value StagedFiles#COMMIT_RECORD}), because its files may be half old and half new. A reader
 * takes no lock and finishes nothing: the next ca-tool run that writes the folder finishes it.
 */
public final class UnfinishedCommit {
    private UnfinishedCommit() {}

    /**
     * Refuses when the folder of any of {@code files} (a file's parent; a folder itself) holds an
     * unfinished commit; a file or folder that does not exist is left to the reader to report.
     *
     * @throws PkiException UNFINISHED_COMMIT naming the folder and when the commit was decided
     */
    public static void refuseIn(Collection<Path> files) {
        Set<Path> folders = new LinkedHashSet<>();
        for (Path file : files) {
            if (file != null) {
                folders.add(Files.isDirectory(file) ? file : parentOf(file));
            }
        }
        folders.forEach(UnfinishedCommit::refuseIn);
    }

    /** Refuses when {@code folder} holds an unfinished commit. */
    public static void refuseIn(Path folder) {
        Path record = folder.resolve(StagedFiles.COMMIT_RECORD);
        if (!Files.exists(record)) {
            return;
        }
        throw new PkiException(
                PkiException.Kind.UNFINISHED_COMMIT,
                folder + ": holds an interrupted commit"
                        + decidedAt(record) + " (" + record.getFileName() + "): its files may be a mix of two sets; "
                        + "run ca-tool fixtures on it to finish the commit");
    }

    private static String decidedAt(Path record) {
        try {
            Instant at = Files.getLastModifiedTime(record).toInstant().truncatedTo(ChronoUnit.SECONDS);
            return " from " + at;
        } catch (IOException e) {
            return ""; // the commit was finished meanwhile, or the record cannot be read: the refusal stands
        }
    }

    private static Path parentOf(Path file) {
        return file.getParent() == null ? Path.of(".") : file.getParent();
    }
}
