package org.mtlskit.pki.internal.lint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mtlskit.pki.PkiException;

/**
 * The targets a profile set declares: {@code targets.txt} in the profiles folder, one target per line
 * ({@code #} starts a comment). A set-wide file rather than a profile field, because a device takes
 * the whole set: its CA, its own certificate and the peer's.
 */
public final class DeclaredTargets {
    public static final String FILE_NAME = "targets.txt";

    private DeclaredTargets() {}

    /** The declared targets; none when the folder has no targets.txt. An unknown name is an invalid profile. */
    public static List<Target> read(Path profilesDir) {
        Path file = profilesDir.resolve(FILE_NAME);
        List<String> lines;
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        // a FIFO or device refused before it is opened, and a profile's size limit, as for every input
        lines = new String(
                        org.mtlskit.pki.internal.files.InputFiles.read(
                                file, org.mtlskit.pki.internal.files.InputFiles.Kind.PROFILE),
                        java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .toList();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).replaceFirst("#.*", "").strip();
            if (name.isEmpty()) {
                continue;
            }
            int line = i + 1;
            targets.add(Target.named(name)
                    .orElseThrow(() -> new PkiException(
                            PkiException.Kind.INVALID_PROFILE,
                            file + ":" + line + ": unknown target \"" + name + "\"; known: " + Target.allowedNames())));
        }
        return targets;
    }
}
