package org.mtlskit.pki;

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

/**
 * The commit record ({@value #FILE}) of a set of staged files: which temporary file becomes which
 * file, in rename order. It is written to a temporary file, flushed, and renamed into place before
 * the first rename, so it either exists whole or not at all; once it exists the commit has happened
 * and any later run finishes it ({@link #recover}). It is deleted when every rename is on disk.
 */
final class CommitRecord {
    /** The record's name in the folder it commits into. */
    static final String FILE = StagedFiles.COMMIT_RECORD;

    private static final String HEADER = "mtlskit-commit 1";
    /** Our temporary files, and nothing else: ".ca-tool.", 16 hex digits, ".tmp" (29 bytes whatever the target). */
    static final Pattern TEMP_NAME = Pattern.compile("\\.ca-tool\\.[0-9a-f]{16}\\.tmp");

    private CommitRecord() {
    }

    /** One rename: temporary file name to target name, both plain names in the folder. */
    record Rename(String temp, String target) {
    }

    /** Writes the record for {@code renames} durably; when this returns, the commit is decided. */
    static void write(Path dir, List<Rename> renames) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Rename r : renames) {
            text.append(r.temp()).append(' ').append(URLEncoder.encode(r.target(), StandardCharsets.UTF_8)).append('\n');
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

    /** Deletes the record once every rename it lists is on disk. */
    static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw StagedFiles.writeFailed(dir.resolve(FILE), e);
        }
        StagedFiles.syncFolder(dir);
    }

    /**
     * What the first run to lock a folder does before anything else: finishes the commit a killed run
     * had decided (renames whose temporary file is still there), then deletes every temporary file of
     * ours that is left, which belonged to a run that died before its commit was decided.
     */
    static void recover(Path dir) {
        Path record = dir.resolve(FILE);
        if (Files.exists(record)) {
            for (Rename r : read(record)) {
                Path temp = dir.resolve(r.temp());
                if (Files.exists(temp)) {
                    try {
                        Files.move(temp, dir.resolve(r.target()), StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new PkiException(PkiException.Kind.WRITE_FAILED, dir.resolve(r.target())
                                + ": cannot finish the interrupted commit in " + record + ": "
                                + StagedFiles.reason(e) + "; nothing else was changed", e);
                    }
                }
            }
            StagedFiles.syncFolder(dir);
            delete(dir);
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> TEMP_NAME.matcher(p.getFileName().toString()).matches()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw StagedFiles.writeFailed(dir, e);
        }
    }

    private static List<Rename> read(Path record) {
        List<String> lines;
        try {
            lines = Files.readAllLines(record, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw PkiException.unusableInput(record + ": cannot read the record of an interrupted commit: "
                    + StagedFiles.reason(e), e);
        }
        List<Rename> renames = new ArrayList<>();
        boolean complete = !lines.isEmpty() && lines.get(0).equals(HEADER)
                && lines.get(lines.size() - 1).equals("end " + (lines.size() - 2));
        for (int i = 1; complete && i < lines.size() - 1; i++) {
            String[] parts = lines.get(i).split(" ", -1);
            String target = parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            complete = parts.length == 2 && TEMP_NAME.matcher(parts[0]).matches() && isPlainName(target);
            renames.add(new Rename(parts[0], target));
        }
        if (!complete) {
            // ca-tool renames a record into place whole, so this one was made or changed by something else
            throw PkiException.unusableInput(record + ": not a commit record ca-tool wrote; look at the folder, "
                    + "then delete the file to go on");
        }
        return renames;
    }

    private static boolean isPlainName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.contains("\0") && !name.equals(".") && !name.equals("..")
                && !name.equals(FILE) && !name.equals(FolderLock.FILE);
    }
}
