package org.mtlskit.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the library's supported surface: every public type of org.mtlskit.pki (not its internal packages) with
 * its public constructors, methods and fields, as listed in src/test/resources/public-api.txt. A
 * change to the surface fails here until the listing is updated on purpose:
 * {@code mvn -pl pki test -Dtest=PublicApiTest -Dmtlskit.updatePublicApi=true}.
 */
class PublicApiTest {
    private static final Path LISTING = Path.of("src/test/resources/public-api.txt");
    private static final Path CLASSES = Path.of("target/classes");
    /** A class file of the supported package itself; org.mtlskit.pki.internal.* is not supported API. */
    private static final java.util.regex.Pattern SUPPORTED =
            java.util.regex.Pattern.compile("org/mtlskit/pki/[^/]+\\.class");

    @Test
    void thePublicSurfaceIsTheListedOne() throws Exception {
        String actual = String.join("\n", surface()) + "\n";
        if (Boolean.getBoolean("mtlskit.updatePublicApi")) {
            Files.writeString(LISTING, actual);
        }
        String expected = Files.exists(LISTING) ? Files.readString(LISTING) : "";
        assertEquals(
                expected,
                actual,
                "the library's public API changed; if on purpose, update " + LISTING
                        + " (-Dmtlskit.updatePublicApi=true) and say why in the commit");
    }

    @Test
    void everyOtherPackageIsInternal() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            List<String> outside = files.map(p -> CLASSES.relativize(p).toString())
                    .filter(p -> p.endsWith(".class")
                            && !SUPPORTED.matcher(p).matches()
                            && !p.startsWith("org/mtlskit/pki/internal/"))
                    .sorted()
                    .collect(Collectors.toList());
            assertEquals(List.of(), outside, "a class outside org.mtlskit.pki and org.mtlskit.pki.internal.*");
        }
    }

    static List<String> surface() throws IOException, ClassNotFoundException {
        List<String> lines = new ArrayList<>();
        for (String name : classNames()) {
            Class<?> type = Class.forName(name, false, PublicApiTest.class.getClassLoader());
            if (!isVisible(type)) {
                continue;
            }
            lines.add(kind(type) + " " + type.getName());
            TreeSet<String> members = new TreeSet<>();
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(c.getModifiers())) {
                    members.add("  new(" + params(c.getParameterTypes()) + ")");
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    members.add("  " + (Modifier.isStatic(m.getModifiers()) ? "static " : "")
                            + m.getReturnType().getTypeName() + " " + m.getName() + "(" + params(m.getParameterTypes())
                            + ")");
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) && !f.isSynthetic()) {
                    members.add("  field " + f.getType().getTypeName() + " " + f.getName());
                }
            }
            lines.addAll(members);
        }
        return lines;
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static String kind(Class<?> type) {
        return type.isRecord() ? "record" : type.isEnum() ? "enum" : type.isInterface() ? "interface" : "class";
    }

    private static String params(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getTypeName).collect(Collectors.joining(", "));
    }

    private static List<String> classNames() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            return files.map(p -> CLASSES.relativize(p).toString())
                    .filter(p -> p.endsWith(".class") && SUPPORTED.matcher(p).matches())
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
