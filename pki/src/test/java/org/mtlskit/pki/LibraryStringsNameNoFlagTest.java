package org.mtlskit.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the seam between the library and the tools: no string literal in the library's main sources
 * names a command-line flag ("--force", "--out"...). What a user can do is a {@link PkiException.Remedy};
 * the CLI module words it in flags. The few literals that keep a flag are listed below with their reason.
 */
class LibraryStringsNameNoFlagTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern FLAG = Pattern.compile("--[a-z]");

    /** "FILE: literal as written in the source", each kept on purpose. */
    private static final Set<String> ALLOWED = Set.of(
            // A POSIX permission string, not a flag.
            "org/mtlskit/pki/internal/files/StagedFiles.java: rw-r--r--",
            // The command a message suggests names the CA and the output folder mid-command
            // ("ca-tool init ca --out DIR"): a remedy without the name and folder could not word it.
            "org/mtlskit/pki/internal/issue/CaFiles.java:  --out ",
            // "ca-tool init ca --force replaces it, and every certificate it signed stops verifying":
            // the CA's name sits inside the command, and a test asserts the whole line.
            "org/mtlskit/pki/internal/fixtures/Fixtures.java:  --force replaces it, and every certificate ",
            // import-conf's report (and the profile's comments): ca-tool's own text about its options.
            "org/mtlskit/pki/internal/confimport/ImportLedger.java: an openssl ca setting; ca-tool keeps a CA as a profile, its files in --out",
            "org/mtlskit/pki/internal/confimport/ConfConverter.java: not self-sign; give another with --issuer NAME)",
            "org/mtlskit/pki/internal/confimport/ConfConverter.java: are CAs; give --issuer NAME to import this as an issued certificate",
            // Rule descriptions ca-tool lint --rules prints: they name the lint options that tune the rule.
            "org/mtlskit/pki/internal/lint/Mbedtls228Rules.java: a chain whose Certificate message exceeds "
                    + "MBEDTLS_SSL_IN_CONTENT_LEN (--in-content-len, default 16384) ",
            "org/mtlskit/pki/internal/lint/Mbedtls228Rules.java: the device's own chain exceeds MBEDTLS_SSL_OUT_CONTENT_LEN "
                    + "(checked only with --out-content-len)");

    @Test
    void noLibraryStringNamesAFlagExceptTheListedOnes() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = SOURCES.relativize(f).toString().replace('\\', '/');
                for (String literal : stringLiterals(Files.readString(f))) {
                    if (FLAG.matcher(literal).find()) {
                        found.add(name + ": " + literal);
                    }
                }
            }
        }
        // Both ways: a new flag fails, and so does a listed one that is gone (the list stays exact).
        assertEquals(
                new TreeSet<>(ALLOWED),
                found,
                "a library message names a flag: give the exception a "
                        + "PkiException.Remedy and word the flag in the CLI module's Remedies instead");
    }

    @Test
    void theScanFindsLiteralsAndSkipsComments() {
        String source = "// \"--in-comment\"\n/* \"--block\" */ String a = \"x --force y\"; char c = '\"';"
                + " String b = \"esc \\\" --out\"; /** {@code \"--doc\"} */ String t = \"\"\"\n  --text\n  \"\"\";";
        assertEquals(List.of("x --force y", "esc \\\" --out", "\n  --text\n  "), stringLiterals(source));
    }

    /** The string literals of a Java source, as written (escapes kept), comments and char literals skipped. */
    static List<String> stringLiterals(String s) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                i = end(s, s.indexOf('\n', i), 0);
            } else if (s.startsWith("/*", i)) {
                i = end(s, s.indexOf("*/", i + 2), 2);
            } else if (s.startsWith("\"\"\"", i)) {
                int close = s.indexOf("\"\"\"", i + 3);
                literals.add(s.substring(i + 3, close));
                i = close + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    literals.add(s.substring(i + 1, j));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    private static int end(String s, int found, int length) {
        return found < 0 ? s.length() : found + length;
    }
}
