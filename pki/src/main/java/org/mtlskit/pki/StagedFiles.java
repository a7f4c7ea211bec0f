package org.mtlskit.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files written all or nothing. Each file is first written to a temporary file in its own folder
 * (a private key with mode 0600 from the moment it exists) and flushed to disk; only when every
 * file of a run is staged are they renamed into place. Closing without committing deletes the
 * temporary files, so a failed run leaves the folder as it was.
 */
public final class StagedFiles implements AutoCloseable {

    /** Mode of private keys: readable by their owner only, as openssl genrsa makes them. */
    public static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    /** Mode of certificates and CSRs: public material. */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    /** Mode of an output folder we create: it will hold private keys. */
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final Map<Path, Path> staged = new LinkedHashMap<>();

    public StagedFiles(Path dir) {
        this.dir = dir;
    }

    /** Stages {@code content} to be written to {@code name} in the folder. */
    public void stage(String name, String content, boolean secret) {
        stage(name, content.getBytes(StandardCharsets.US_ASCII), secret);
    }

    public void stage(String name, byte[] content, boolean secret) {
        createFolder();
        Path target = dir.resolve(name);
        if (Files.isDirectory(target)) {
            throw new PkiException(PkiException.Kind.WRITE_FAILED, target + ": is a folder, cannot write a file there");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + name + ".", ".tmp", posix(secret ? SECRET : PUBLIC));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            staged.put(target, temp);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw writeFailed(target, e);
        }
    }

    /** Renames every staged file into place, in the order staged; returns the final paths. */
    public List<Path> commit() {
        List<Path> done = new ArrayList<>();
        for (Map.Entry<Path, Path> e : staged.entrySet()) {
            try {
                Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                done.add(e.getKey());
            } catch (IOException ex) {
                throw writeFailed(e.getKey(), ex);
            }
        }
        staged.clear();
        return done;
    }

    @Override
    public void close() {
        staged.values().forEach(StagedFiles::deleteQuietly);
        staged.clear();
    }

    private void createFolder() {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, posix(FOLDER));
        } catch (IOException e) {
            throw writeFailed(dir, e);
        }
    }

    private static PkiException writeFailed(Path path, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
            // only createFolder() meets it: a file is where the output folder should be; its message is just the path
            reason = "it exists and is not a folder";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new PkiException(PkiException.Kind.WRITE_FAILED, path + ": cannot write: " + reason
                + "; nothing was changed", e);
    }

    private static FileAttribute<?>[] posix(Set<PosixFilePermission> perms) {
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)} : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the temporary file is hidden and named after its target
        }
    }
}
