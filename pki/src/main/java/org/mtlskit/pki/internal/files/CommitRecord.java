package org.mtlskit.pki.internal.files;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mtlskit.pki.PkiException;

/**
 * The commit record ({@value #FILE}) of a set of staged files: which temporary file becomes which
 * file, in rename order, and for each file that existed a second name (a hard link, or a copy where
 * links are not supported) that keeps its previous content. It is written to a temporary file,
 * flushed, and renamed into place before the first rename, so it either exists whole or not at all;
 * once it exists the commit has happened and any later run finishes it ({@link #recover}). A commit
 * that cannot be finished (a rename the file system refuses) is undone from those second names: the
 * previous set comes back whole, and the folder is never left wedged. The record is deleted when
 * every rename is on disk, then the second names.
 */
final class CommitRecord {
    /** The record's name in the folder it commits into. */
    static final String FILE = StagedFiles.COMMIT_RECORD;

    private static final String HEADER = "mtlskit-commit 2";
    /** Records of earlier versions: no previous contents kept, so they can be finished but not undone. */
    private static final String HEADER_1 = "mtlskit-commit 1";
    /** In a record: the target did not exist before the commit. */
    private static final String NONE = "-";
    /** In memory, for a record of version 1: whether the target existed is not known. */
    private static final String UNKNOWN = "?";
    /** Our temporary files, and nothing else: ".ca-tool.", 16 hex digits, ".tmp" (29 bytes whatever the target). */
    static final Pattern TEMP_NAME = Pattern.compile("\\.ca-tool\\.[0-9a-f]{16}\\.tmp");

    private CommitRecord() {}

    /**
     * One rename: temporary file name to target name, both plain names in the folder; {@code previous}
     * is the temporary name that keeps the target's previous content, or null when it did not exist.
     */
    record Rename(String temp, String target, String previous) {}

    /** Writes the record for {@code renames} durably; when this returns, the commit is decided. */
    static void write(Path dir, List<Rename> renames) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Rename r : renames) {
            text.append(r.temp())
                    .append(' ')
                    .append(URLEncoder.encode(r.target(), StandardCharsets.UTF_8))
                    .append(' ')
                    .append(r.previous() == null ? NONE : r.previous())
                    .append('\n');
        }
        text.append("end ").append(renames.size()).append('\n');
        Path record = dir.resolve(FILE);
        Path temp = StagedFiles.writeTemp(dir, text.toString().getBytes(StandardCharsets.UTF_8), false, record);
        try {
            Files.move(temp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            StagedFiles.deleteQuietly(temp);
            throw StagedFiles.writeFailed(record, e);
        }
        StagedFiles.syncFolder(dir);
    }

    /** Deletes the record once every rename it lists is on disk, then the previous contents it kept. */
    static void delete(Path dir, List<Rename> renames) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw StagedFiles.writeFailed(dir.resolve(FILE), e);
        }
        StagedFiles.syncFolder(dir);
        for (Rename r : renames) {
            if (r.previous() != null) {
                StagedFiles.deleteQuietly(dir.resolve(r.previous()));
            }
        }
    }

    /**
     * Undoes a decided commit that cannot be finished: every target gets its previous content back
     * (or is deleted when it did not exist), the temporary files and the record are deleted.
     *
     * @return whether the previous set is back whole; false for a record that kept no previous contents
     */
    static boolean rollBack(Path dir, List<Rename> renames) throws IOException {
        boolean whole = true;
        for (Rename r : renames) {
            Path temp = dir.resolve(r.temp());
            Path target = dir.resolve(r.target());
            if (UNKNOWN.equals(r.previous())) {
                whole = false;
            } else if (r.previous() != null && Files.exists(dir.resolve(r.previous()))) {
                Files.move(
                        dir.resolve(r.previous()),
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } else if (r.previous() == null && !Files.exists(temp)) {
                Files.deleteIfExists(target); // new in this commit, and already renamed into place
            }
            Files.deleteIfExists(temp);
        }
        StagedFiles.syncFolder(dir);
        Files.deleteIfExists(dir.resolve(FILE));
        StagedFiles.syncFolder(dir);
        return whole;
    }

    /**
     * What the first run to lock a folder does before anything else: finishes the commit a killed run
     * had decided (renames whose temporary file is still there), then deletes every temporary file of
     * ours that is left, which belonged to a run that died before its commit was decided.
     */
    static void recover(Path dir) {
        Path record = dir.resolve(FILE);
        if (Files.exists(record)) {
            List<Rename> renames = read(record);
            for (Rename r : renames) {
                Path temp = dir.resolve(r.temp());
                if (Files.exists(temp)) {
                    try {
                        Files.move(
                                temp,
                                dir.resolve(r.target()),
                                StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw undo(
                                dir,
                                renames,
                                dir.resolve(r.target()) + ": cannot finish the interrupted commit in " + record + ": "
                                        + StagedFiles.reason(e),
                                e);
                    }
                }
            }
            StagedFiles.syncFolder(dir);
            delete(dir, renames);
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(
                            p -> TEMP_NAME.matcher(p.getFileName().toString()).matches())
                    .toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw StagedFiles.writeFailed(dir, e);
        }
    }

    /**
     * Rolls a commit back after {@code failure} and returns the error that says so: the previous set
     * restored (the next run goes on from it), or, when even that fails, the record left for the next run.
     */
    static PkiException undo(Path dir, List<Rename> renames, String failure, IOException cause) {
        try {
            boolean whole = rollBack(dir, renames);
            return new PkiException(
                    PkiException.Kind.WRITE_FAILED,
                    failure + "; the commit was rolled back: "
                            + (whole
                                    ? "the previous files are back, as they were"
                                    : "the files it had not renamed are back "
                                            + "(a record of an earlier version kept no previous contents): remake the set"),
                    cause);
        } catch (IOException | PkiException e) {
            return new PkiException(
                    PkiException.Kind.WRITE_FAILED,
                    failure + "; rolling it back failed too ("
                            + (e instanceof IOException io ? StagedFiles.reason(io) : e.getMessage())
                            + "); the next ca-tool "
                            + "run in " + dir + " tries again (" + dir.resolve(FILE) + ")",
                    cause);
        }
    }

    private static List<Rename> read(Path record) {
        List<String> lines;
        try {
            lines = Files.readAllLines(record, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw PkiException.unusableInput(
                    record + ": cannot read the record of an interrupted commit: " + StagedFiles.reason(e), e);
        }
        List<Rename> renames = new ArrayList<>();
        boolean version1 = !lines.isEmpty() && lines.get(0).equals(HEADER_1);
        int fields = version1 ? 2 : 3;
        boolean complete = !lines.isEmpty()
                && (version1 || lines.get(0).equals(HEADER))
                && lines.get(lines.size() - 1).equals("end " + (lines.size() - 2));
        for (int i = 1; complete && i < lines.size() - 1; i++) {
            String[] parts = lines.get(i).split(" ", -1);
            String target = parts.length == fields ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            String previous = version1 ? UNKNOWN : parts.length == 3 && !parts[2].equals(NONE) ? parts[2] : null;
            complete = parts.length == fields
                    && TEMP_NAME.matcher(parts[0]).matches()
                    && isPlainName(target)
                    && (previous == null
                            || previous.equals(UNKNOWN)
                            || TEMP_NAME.matcher(previous).matches());
            renames.add(new Rename(parts[0], target, previous));
        }
        if (!complete) {
            // ca-tool renames a record into place whole, so this one was made or changed by something else
            throw PkiException.unusableInput(record + ": not a commit record ca-tool wrote; look at the folder, "
                    + "then delete the file to go on");
        }
        return renames;
    }

    private static boolean isPlainName(String name) {
        return !name.isEmpty()
                && !name.contains("/")
                && !name.contains("\0")
                && !name.equals(".")
                && !name.equals("..")
                && !name.equals(FILE)
                && !name.equals(FolderLock.FILE);
    }
}
