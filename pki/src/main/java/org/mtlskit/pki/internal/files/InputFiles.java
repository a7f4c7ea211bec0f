package org.mtlskit.pki.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;

/**
 * Reads a whole input file, or refuses it with one line naming it, before anything could hang or
 * run out of memory: a FIFO, a device such as /dev/zero or a socket is refused without being opened
 * ("not a regular file"), and a file larger than its kind's limit without being read (the limits are
 * in {@link Defaults} and docs/guarantees.md). Symbolic links are followed, as every other tool does.
 */
public final class InputFiles {
    private InputFiles() {}

    /** What a kind of input is called in messages, and how large it may be. */
    public enum Kind {
        PROFILE("a profile", Defaults.MAX_PROFILE_BYTES, PkiException.Kind.INVALID_PROFILE),
        OPENSSL_CONFIG("an OpenSSL config file", Defaults.MAX_PROFILE_BYTES, PkiException.Kind.UNUSABLE_INPUT),
        PEM("a PEM file", Defaults.MAX_PEM_BYTES, PkiException.Kind.UNUSABLE_INPUT),
        REVOCATION_STATE("a revocation state file", Defaults.MAX_PEM_BYTES, PkiException.Kind.UNUSABLE_INPUT),
        PASSWORD("a password file", Defaults.MAX_PASSWORD_FILE_BYTES, PkiException.Kind.UNUSABLE_INPUT);

        final String words;
        final long limit;
        /** How a file over the limit is refused: a profile that large is an invalid profile (exit 3). */
        final PkiException.Kind tooLarge;

        Kind(String words, long limit, PkiException.Kind tooLarge) {
            this.words = words;
            this.limit = limit;
            this.tooLarge = tooLarge;
        }
    }

    /**
     * The bytes of {@code file}.
     *
     * @throws PkiException naming the file: missing, a folder, not a regular file, unreadable, too large
     */
    public static byte[] read(Path file, Kind kind) {
        if (!Files.exists(file)) {
            throw PkiException.unusableInput(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw PkiException.unusableInput(file + ": is a folder, expected " + kind.words);
        }
        if (!Files.isRegularFile(file)) {
            throw PkiException.unusableInput(
                    file + ": not a regular file (a FIFO, device or socket), expected " + kind.words);
        }
        try {
            long size = Files.size(file);
            if (size > kind.limit) {
                throw tooLarge(file, kind);
            }
            try (InputStream in = Files.newInputStream(file)) {
                // The file may grow between size() and here: read one byte past the limit to notice.
                byte[] bytes = in.readNBytes((int) kind.limit + 1);
                if (bytes.length > kind.limit) {
                    throw tooLarge(file, kind);
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw PkiException.unusableInput(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw PkiException.unusableInput(file + ": permission denied");
        } catch (IOException e) {
            throw PkiException.unusableInput(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static PkiException tooLarge(Path file, Kind kind) {
        return new PkiException(
                kind.tooLarge,
                file + ": larger than " + size(kind.limit) + ", the most " + kind.words
                        + " may be; is it the right file?");
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
