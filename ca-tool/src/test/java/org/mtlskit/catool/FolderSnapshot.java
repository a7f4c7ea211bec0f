package org.mtlskit.catool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.mtlskit.pki.internal.files.FolderLock;

/**
 * Every file of a folder by name, with a digest of its bytes and its modification time; the folder's
 * lock file ({@link FolderLock#FILE}) is not a file of the set and is left out.
 */
record FolderSnapshot(Map<String, FileState> files) {

    record FileState(String sha256, FileTime modified) {}

    static FolderSnapshot of(Path dir) {
        Map<String, FileState> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals(FolderLock.FILE)) {
                    files.put(
                            p.getFileName().toString(),
                            new FileState(sha256(Files.readAllBytes(p)), Files.getLastModifiedTime(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FolderSnapshot(files);
    }

    /** Sets every file's modification time to {@code time}, so that any rewrite shows whatever the clock's grain. */
    static void backdate(Path dir, FileTime time) {
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                Files.setLastModifiedTime(p, time);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names whose bytes or modification time differ from {@code later}, or that exist in one only. */
    Set<String> changedIn(FolderSnapshot later) {
        Set<String> names = new TreeSet<>(files.keySet());
        names.addAll(later.files.keySet());
        names.removeIf(n -> java.util.Objects.equals(files.get(n), later.files.get(n)));
        return names;
    }

    /** Names whose bytes differ in {@code later}. */
    Set<String> bytesChangedIn(FolderSnapshot later) {
        Set<String> names = new TreeSet<>(files.keySet());
        names.addAll(later.files.keySet());
        names.removeIf(n -> files.containsKey(n)
                && later.files.containsKey(n)
                && files.get(n).sha256().equals(later.files.get(n).sha256()));
        return names;
    }

    /** The names in a folder, sorted, but its lock file. */
    static java.util.List<String> names(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(FolderLock.FILE))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hidden temporary files that StagedFiles leaves only when it fails to clean up (".name.123.tmp"). */
    static Set<String> temporaryFiles(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            Set<String> names = new TreeSet<>();
            list.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") && n.endsWith(".tmp"))
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
