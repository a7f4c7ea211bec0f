package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The C programs the matrix needs, compiled with gcc into the module's target/interop/bin (never
 * into src), once per test JVM.
 */
final class NativeBuild {
    private NativeBuild() {}

    /** A compiled program, or why there is none. */
    record Result(Path binary, String missing) {
        boolean ok() {
            return missing == null;
        }
    }

    private static final Map<String, Result> BUILT = new ConcurrentHashMap<>();

    /** The handshake-tool module folder (surefire runs in it; an IDE may run at the repository top). */
    static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("src/test/c"))) {
            return here;
        }
        if (Files.isDirectory(here.resolve("handshake-tool/src/test/c"))) {
            return here.resolve("handshake-tool");
        }
        throw new IllegalStateException("cannot find the handshake-tool module from " + here);
    }

    static Path targetDir() {
        return moduleDir().resolve("target/interop");
    }

    /**
     * Compiles {@code source} (a file, or C text to be written under target/) with gcc.
     *
     * @param gccArgs arguments after the source and -o OUT: libraries, -shared, ...
     */
    static synchronized Result compile(String name, Path source, List<String> gccArgs) {
        return BUILT.computeIfAbsent(name, n -> run(n, source, gccArgs));
    }

    static synchronized Result compileText(String name, String fileName, String cSource, List<String> gccArgs) {
        return BUILT.computeIfAbsent(name, n -> {
            try {
                Path dir = Files.createDirectories(targetDir().resolve("src"));
                Path source = dir.resolve(fileName);
                Files.writeString(source, cSource);
                return run(n, source, gccArgs);
            } catch (IOException e) {
                return new Result(null, "cannot write " + fileName + ": " + e.getMessage());
            }
        });
    }

    private static Result run(String name, Path source, List<String> gccArgs) {
        if (Peer.onPath("gcc").isEmpty()) {
            return new Result(null, "gcc not found on PATH (needed to build " + name + ")");
        }
        try {
            Path out = Files.createDirectories(targetDir().resolve("bin")).resolve(name);
            List<String> command =
                    new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-Wextra", "-o", out.toString(), source.toString()));
            command.addAll(gccArgs);
            try (PeerProcess gcc = PeerProcess.start("gcc", command)) {
                if (!gcc.awaitExit(Duration.ofSeconds(120))) {
                    return new Result(null, "gcc did not finish building " + name + " within 120 s");
                }
                if (gcc.exitCode() != 0) {
                    String first = gcc.errLines().stream()
                            .filter(l -> l.contains("error"))
                            .findFirst()
                            .orElse(String.join(" / ", gcc.errLines()));
                    return new Result(null, "cannot build " + name + " with gcc: " + first);
                }
            }
            return new Result(out, null);
        } catch (IOException e) {
            return new Result(null, "cannot run gcc: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted while building " + name);
        }
    }
}
