package org.mtlskit.pki.internal.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.mtlskit.pki.PkiException;

/**
 * The lock a ca-tool run holds on a folder it writes into: an OS file lock on {@value #FILE} in
 * that folder, so two runs (processes, or two threads of one process) never stage, read-modify-write
 * or commit in one folder at once. A second run does not wait: it is refused at once with one line
 * (exit 10), because waiting would only hide two jobs racing on one set of files, and the first may
 * be making RSA-4096 keys for a long while.
 *
 * <p>Whoever takes the lock first finishes or discards what a killed run left
 * ({@link CommitRecord#recover}). The lock is taken again, not twice, by the thread that holds it
 * (a command that locks its output folder and then stages files there). The lock file stays: deleting
 * it would let a waiting run lock a file that is no longer the folder's lock. One exception: a run
 * that created the folder to lock it ({@link #forWriting}) and wrote nothing there removes the lock
 * file (still holding it) and the folders it created, so a failed first run leaves nothing; a run
 * that locked that file meanwhile finds it gone and is refused as if it were still held.
 */
public final class FolderLock implements AutoCloseable {

    /** The lock file's name, hidden in the folder it locks. */
    public static final String FILE = ".ca-tool.lock";

    /** Locks this process holds, by folder; OS file locks are per process, so threads are told apart here. */
    private static final Map<Path, FolderLock> HELD = new HashMap<>();

    private final Path folder;
    private final Thread owner;
    private final FileChannel channel;
    private final FileLock lock;
    private int depth = 1;
    /** The topmost folder this run created to lock it, or null: removed again when the run wrote nothing there. */
    private Path created;

    private FolderLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.owner = Thread.currentThread();
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir}, which must exist, then finishes or discards what a killed run left there.
     *
     * @throws PkiException FOLDER_LOCKED when another run holds it, WRITE_FAILED when the lock file cannot be made
     */
    public static FolderLock acquire(Path dir) {
        Path key = realPath(dir);
        synchronized (HELD) {
            FolderLock held = HELD.get(key);
            if (held != null) {
                if (held.owner != Thread.currentThread()) {
                    throw inUse(dir);
                }
                held.depth++;
                return held;
            }
            Path file = dir.resolve(FILE);
            FileChannel channel = null;
            try {
                channel = FileChannel.open(
                        file,
                        java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        StagedFiles.posix(StagedFiles.SECRET));
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null; // this process holds it under another name of the folder, in another thread
                }
                if (lock == null || !Files.exists(file)) {
                    // not ours; or the lock file was just removed with the folder by a run that created it and
                    // failed, so this one is no longer the folder's lock
                    if (lock != null) {
                        lock.release();
                    }
                    channel.close();
                    throw inUse(dir);
                }
                FolderLock acquired = new FolderLock(key, channel, lock);
                HELD.put(key, acquired);
                try {
                    CommitRecord.recover(dir);
                } catch (RuntimeException e) {
                    acquired.close();
                    throw e;
                }
                return acquired;
            } catch (IOException e) {
                closeQuietly(channel);
                throw StagedFiles.writeFailed(file, e);
            }
        }
    }

    /**
     * What a run that writes into {@code dir} does before anything else: creates the folder when it does
     * not exist yet (mode 0700: it will hold private keys), then locks it, then the run decides what to
     * do. Two runs on a folder that does not exist yet are thus told apart like two on one that does:
     * one holds the lock, the other is refused.
     */
    public static FolderLock forWriting(Path dir) {
        Path created = StagedFiles.createFolder(dir);
        FolderLock lock = acquire(dir);
        if (created != null && lock.depth == 1) {
            lock.created = created;
        }
        return lock;
    }

    /**
     * Locks {@code dir} when it exists, else returns null (try-with-resources skips it): a folder that
     * does not exist yet holds nothing to read, and is locked when the first file is staged there.
     */
    public static FolderLock ifExists(Path dir) {
        return Files.isDirectory(dir) ? acquire(dir) : null;
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (--depth > 0) {
                return;
            }
            HELD.remove(folder);
            boolean removeFolders = created != null && holdsOnlyTheLock();
            if (removeFolders) {
                StagedFiles.deleteQuietly(folder.resolve(FILE)); // while still locked: see acquire
            }
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(channel);
            if (removeFolders) {
                for (Path p = folder; p != null && p.startsWith(created); p = p.getParent()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        break; // not empty (another run is in it now), or not ours to remove
                    }
                }
            }
        }
    }

    /** Whether the folder holds nothing but its lock file: the run that created it wrote nothing. */
    private boolean holdsOnlyTheLock() {
        try (java.util.stream.Stream<Path> list = Files.list(folder)) {
            return list.allMatch(p -> p.getFileName().toString().equals(FILE));
        } catch (IOException e) {
            return false;
        }
    }

    /** The folder's one name, links resolved, so that two names of one folder are one lock. */
    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private static PkiException inUse(Path dir) {
        return new PkiException(
                PkiException.Kind.FOLDER_LOCKED,
                dir + ": in use by another ca-tool run (it holds " + dir.resolve(FILE)
                        + "); nothing was changed; run again when it has finished");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
