package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mtlskit.pki.testing.TestPki;

/**
 * The seams between the modules, in the source itself. The poms enforce the dependencies (mtlskit-pki
 * bans picocli; handshake-tool has ca-tool in test scope only); these checks also cover what a
 * dependency rule cannot see: handshake-tool's tests reach ca-tool only through the shared test
 * helpers (org.mtlskit.testing), never through ca-tool's command classes.
 */
class ModuleBoundariesTest {
    private static final Path REPO = TestPki.repoProfiles().getParent();

    /** Every line of a .java file under {@code folder} that matches {@code pattern}, as "file:line: text". */
    static List<String> linesMatching(Path folder, Pattern pattern) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .sorted()
                    .flatMap(p -> {
                        try {
                            List<String> lines = Files.readAllLines(p);
                            return java.util.stream.IntStream.range(0, lines.size())
                                    .filter(i -> pattern.matcher(lines.get(i)).find())
                                    .mapToObj(i -> REPO.relativize(p) + ":" + (i + 1) + ": "
                                            + lines.get(i).strip());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void handshakeToolNeverNamesCaToolsClasses() {
        Path src = REPO.resolve("handshake-tool/src");
        assertTrue(Files.isDirectory(src.resolve("main/java/org/mtlskit/handshake")), src.toString());
        assertEquals(List.of(), linesMatching(src, Pattern.compile("org\\.mtlskit\\.catool")));
    }

    @Test
    void theLibraryNeverNamesPicocli() {
        Path src = REPO.resolve("pki/src");
        assertTrue(Files.isDirectory(src.resolve("main/java/org/mtlskit/pki")), src.toString());
        assertEquals(List.of(), linesMatching(src, Pattern.compile("\\bpicocli\\b")));
    }

    @Test
    void theChecksFindWhatTheyLookFor() {
        // The same patterns over code that must match them: the checks above can fail.
        assertTrue(
                linesMatching(
                                REPO.resolve("ca-tool/src/main/java/org/mtlskit/catool"),
                                Pattern.compile("\\bpicocli\\b"))
                        .stream()
                        .anyMatch(l -> l.contains("CaTool.java")));
        assertTrue(
                linesMatching(
                                REPO.resolve("ca-tool/src/test/java/org/mtlskit/testing"),
                                Pattern.compile("org\\.mtlskit\\.catool"))
                        .stream()
                        .anyMatch(l -> l.contains("ToolRun.java")));
    }
}
