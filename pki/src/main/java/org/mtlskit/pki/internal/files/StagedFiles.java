package org.mtlskit.pki.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.mtlskit.pki.PkiException;

/**
 * Files of one folder committed all or nothing, even when the process is killed.
 *
 * <ol>
 *   <li>The folder is locked ({@link FolderLock}); whatever a killed run left is finished or discarded.</li>
 *   <li>Each file is written to a temporary file {@code .ca-tool.HEX.tmp} in the folder (a private key
 *       with mode 0600 from the moment it exists) and flushed to disk.</li>
 *   <li>{@link #commit}: a commit record listing every rename is written and flushed
 *       ({@link CommitRecord}); from then on the set is decided. Revocation state and CRLs
 *       ({@link #stageBeforeOthers}) are renamed first, then the other files; then the folder is
 *       flushed and the record deleted.</li>
 * </ol>
 * Killed before the record exists, the next run deletes the temporary files: the old set stays.
 * Killed after, the next run does the remaining renames: the new set is whole. Closing without
 * committing deletes the temporary files.
 */
public final class StagedFiles implements AutoCloseable {

    /** Mode of private keys: readable by their owner only, as openssl genrsa makes them. */
    static final Set<PosixFilePermission> SECRET = Set.copyOf(PosixFilePermissions.fromString("rw-------"));
    /** Mode of certificates and CSRs: public material. */
    static final Set<PosixFilePermission> PUBLIC = Set.copyOf(PosixFilePermissions.fromString("rw-r--r--"));
    /** Mode of an output folder we create: it will hold private keys. */
    static final Set<PosixFilePermission> FOLDER = Set.copyOf(PosixFilePermissions.fromString("rwx------"));

    /**
     * For the kill tests only: a system property N that makes {@link #commit} halt the JVM (exit
     * {@value #HALT_STATUS}, no shutdown hooks, like kill -9) after its N-th rename; 0 halts once the
     * commit record is on disk, before the first rename.
     */
    public static final String HALT_AFTER_RENAME = "mtlskit.test.haltAfterRename";

    public static final int HALT_STATUS = 99;
    /**
     * For the kill tests only: a system property N that makes {@link #commit} stop after its N-th
     * rename (0: once the commit record is on disk), print {@value #PAUSED} and N on stderr, and wait
     * there, so that a test can SIGKILL a real process at that point. It waits ten minutes at most.
     */
    public static final String PAUSE_AFTER_RENAME = "mtlskit.test.pauseAfterRename";

    public static final String PAUSED = "mtlskit.test: paused after rename ";

    /** The commit record's name in the folder it commits into (see {@link CommitRecord}). */
    public static final String COMMIT_RECORD = ".ca-tool.commit";

    private final Path dir;
    /** Target to temporary file, in the order staged. */
    private final Map<Path, Path> staged = new LinkedHashMap<>();

    private final Set<Path> first = new LinkedHashSet<>();
    /** Second names of the files a commit replaces (see {@link #keepPrevious}); deleted when it is done. */
    private final List<Path> previous = new ArrayList<>();

    private FolderLock lock;

    public StagedFiles(Path dir) {
        this.dir = dir;
    }

    /** Stages {@code content} to be written to {@code name} in the folder. */
    public void stage(String name, String content, boolean secret) {
        stage(name, content.getBytes(StandardCharsets.US_ASCII), secret);
    }

    public void stage(String name, byte[] content, boolean secret) {
        stage(name, content, secret, false);
    }

    /**
     * Stages a file that covers others (a CA's revocation state, its CRL): renamed before every file
     * staged with {@link #stage}, so that no certificate is ever in place before the revocation of it.
     */
    public void stageBeforeOthers(String name, String content) {
        stage(name, content.getBytes(StandardCharsets.US_ASCII), false, true);
    }

    private void stage(String name, byte[] content, boolean secret, boolean early) {
        if (lock == null) {
            lock = FolderLock.forWriting(dir);
        }
        Path target = dir.resolve(name);
        if (Files.isDirectory(target)) {
            throw new PkiException(PkiException.Kind.WRITE_FAILED, target + ": is a folder, cannot write a file there");
        }
        Path temp = writeTemp(dir, content, secret, target);
        deleteQuietly(staged.put(target, temp));
        if (early) {
            first.add(target);
        }
    }

    /** Renames every staged file into place, all or nothing; returns the final paths in the order staged. */
    public List<Path> commit() {
        List<Path> order = new ArrayList<>(first);
        staged.keySet().stream().filter(t -> !first.contains(t)).forEach(order::add);
        boolean recorded = order.size() > 1;
        List<CommitRecord.Rename> renames = new ArrayList<>();
        if (recorded) {
            for (Path t : order) {
                renames.add(new CommitRecord.Rename(
                        staged.get(t).getFileName().toString(), t.getFileName().toString(), keepPrevious(t)));
            }
            CommitRecord.write(dir, renames);
        }
        haltForTest(0);
        int done = 0;
        for (Path target : order) {
            try {
                Files.move(
                        staged.get(target),
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                if (!recorded) {
                    throw writeFailed(target, e);
                }
                staged.clear(); // the rollback deletes them, or leaves them to the next run with the record
                previous.clear();
                throw CommitRecord.undo(dir, renames, target + ": cannot write: " + reason(e), e);
            }
            haltForTest(++done);
        }
        syncFolder(dir);
        if (recorded) {
            CommitRecord.delete(dir, renames);
        }
        List<Path> written = new ArrayList<>(staged.keySet());
        staged.clear();
        first.clear();
        previous.clear();
        return written;
    }

    /**
     * A second name for {@code target}'s present content (a hard link; a copy where links are not
     * supported), so that a commit that cannot be finished can be rolled back; null when it does not exist.
     */
    private String keepPrevious(Path target) {
        if (!Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        for (int tries = 0; ; tries++) {
            Path kept = dir.resolve(".ca-tool."
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                try {
                    Files.createLink(kept, target);
                } catch (FileAlreadyExistsException e) {
                    throw e;
                } catch (UnsupportedOperationException | FileSystemException e) {
                    Files.copy(target, kept, StandardCopyOption.COPY_ATTRIBUTES);
                }
                previous.add(kept); // deleted on close when the commit does not happen
                return kept.getFileName().toString();
            } catch (FileAlreadyExistsException e) {
                if (tries > 10) {
                    throw writeFailed(target, e);
                }
            } catch (IOException e) {
                throw writeFailed(target, e);
            }
        }
    }

    @Override
    public void close() {
        staged.values().forEach(StagedFiles::deleteQuietly);
        staged.clear();
        previous.forEach(StagedFiles::deleteQuietly);
        previous.clear();
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    private static void haltForTest(int renamesDone) {
        if (Integer.toString(renamesDone).equals(System.getProperty(HALT_AFTER_RENAME))) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
        if (Integer.toString(renamesDone).equals(System.getProperty(PAUSE_AFTER_RENAME))) {
            System.err.println(PAUSED + renamesDone);
            System.err.flush();
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(HALT_STATUS); // never let a paused test run go on
        }
    }

    /** Writes {@code content} to a new temporary file of ours in {@code dir} and flushes it; errors name {@code target}. */
    static Path writeTemp(Path dir, byte[] content, boolean secret, Path target) {
        Path temp = null;
        try {
            for (int tries = 0; temp == null; tries++) {
                Path candidate = dir.resolve(".ca-tool."
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
                try {
                    // CREATE_NEW: never follows or reuses an existing name (O_EXCL)
                    try (FileChannel channel = FileChannel.open(
                            candidate,
                            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            posix(secret ? SECRET : PUBLIC))) {
                        temp = candidate;
                        ByteBuffer buffer = ByteBuffer.wrap(content);
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                        channel.force(true);
                    }
                } catch (FileAlreadyExistsException e) {
                    if (tries > 10) {
                        throw e;
                    }
                }
            }
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw writeFailed(target, e);
        }
    }

    /** Flushes a folder's entries (the renames in it) to disk. */
    static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw writeFailed(dir, e);
        }
    }

    /**
     * Creates {@code dir} (mode 0700, and so every folder above it that is missing) when it does not
     * exist; returns the topmost folder created, or null when it existed.
     */
    static Path createFolder(Path dir) {
        if (Files.isDirectory(dir)) {
            return null;
        }
        Path top = dir.toAbsolutePath().normalize();
        while (top.getParent() != null && !Files.exists(top.getParent())) {
            top = top.getParent();
        }
        try {
            Files.createDirectories(dir, posix(FOLDER));
        } catch (IOException e) {
            throw writeFailed(dir, e);
        }
        return top;
    }

    static PkiException writeFailed(Path path, IOException e) {
        return new PkiException(
                PkiException.Kind.WRITE_FAILED, path + ": cannot write: " + reason(e) + "; nothing was changed", e);
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            // only createFolder() meets it: a file is where the output folder should be; its message is just the path
            return "it exists and is not a folder";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static FileAttribute<?>[] posix(Set<PosixFilePermission> perms) {
        boolean posix = java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews()
                .contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)} : new FileAttribute<?>[0];
    }

    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the next run that locks the folder deletes temporary files of ours
        }
    }
}
