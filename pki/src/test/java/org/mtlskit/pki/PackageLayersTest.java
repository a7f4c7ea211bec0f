package org.mtlskit.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the library's packages in layers that run one way: a package imports only packages below it
 * in {@link #LAYERS}, so a reader can learn them bottom up and a change low down never needs one
 * higher up. Every package may use the two leaf types of the supported API ({@link PkiException},
 * {@link KeySpec}), which import nothing of the library; the rest of {@code org.mtlskit.pki}
 * ({@code Credential}, {@code TlsContexts}) sits on top. Each package also has its sentence.
 */
class PackageLayersTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String INTERNAL = "org.mtlskit.pki.internal";

    /** Bottom first. A new package must be placed here (the test says so). */
    static final List<String> LAYERS = List.of(
            INTERNAL + ".x509",
            INTERNAL,
            INTERNAL + ".text",
            INTERNAL + ".files",
            INTERNAL + ".pem",
            INTERNAL + ".inspect",
            INTERNAL + ".verify",
            INTERNAL + ".jsse",
            INTERNAL + ".revocation",
            INTERNAL + ".defects",
            INTERNAL + ".profile",
            INTERNAL + ".confimport",
            INTERNAL + ".issue",
            INTERNAL + ".csr",
            INTERNAL + ".fixtures",
            INTERNAL + ".lint",
            "org.mtlskit.pki");

    private static final Set<String> LEAVES = Set.of("org.mtlskit.pki.PkiException", "org.mtlskit.pki.KeySpec");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?(org\\.mtlskit\\.pki[\\w.]*?)\\.([A-Z]\\w*)", Pattern.MULTILINE);

    @Test
    void noImportRunsBackUpTheLayers() throws IOException {
        List<String> up = new ArrayList<>();
        for (Path f : sources()) {
            String text = Files.readString(f);
            String pkg = packageOf(text);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String imported = m.group(1);
                if (imported.equals(pkg) || LEAVES.contains(imported + "." + m.group(2))) {
                    continue;
                }
                if (LAYERS.indexOf(imported) > LAYERS.indexOf(pkg)) {
                    up.add(SOURCES.relativize(f) + " imports " + imported + "." + m.group(2));
                }
            }
        }
        assertEquals(List.of(), up, "imports that run back up the layers (see LAYERS)");
    }

    @Test
    void everyPackageIsPlacedAndHasItsSentence() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (Path f : sources()) {
            packages.add(packageOf(Files.readString(f)));
        }
        for (String pkg : packages) {
            assertTrue(LAYERS.contains(pkg), pkg + " is in no layer: add it to PackageLayersTest.LAYERS");
            Path info = SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java");
            assertTrue(
                    Files.exists(info) && Files.readString(info).contains("/**"),
                    pkg + " has no package-info sentence");
        }
    }

    private static String packageOf(String text) {
        Matcher m = PACKAGE.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
