package org.mtlskit.pki.internal.lint;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * src/test/c/mbedtls_check.c, compiled with gcc against Debian's libmbedtls-dev into target/ (as
 * handshake-tool's interop tests build their mbedTLS peer), and run on files. Without gcc or the
 * library a test is skipped with the reason locally, and fails with CI=true.
 */
final class MbedtlsCheck {
    private MbedtlsCheck() {}

    /** What mbedtls_check printed and its exit code (0 = the library took the file). */
    record Result(int exit, String out) {
        boolean ok() {
            return exit == 0 && out.startsWith("OK");
        }
    }

    private static Path binary;
    private static String missing;

    static synchronized Path binary() {
        if (binary == null && missing == null) {
            build();
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing + " (CI=true: the mbedTLS proof of the lint rules must run)");
            }
            Assumptions.abort(missing + " (install gcc and libmbedtls-dev)");
        }
        return binary;
    }

    private static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("src/test/c")) ? here : here.resolve("pki");
    }

    private static void build() {
        try {
            Path out = Files.createDirectories(moduleDir().resolve("target/mbedtls-check"))
                    .resolve("mbedtls_check");
            Result gcc = run(List.of(
                    "gcc",
                    "-O2",
                    "-Wall",
                    "-Wextra",
                    "-o",
                    out.toString(),
                    moduleDir().resolve("src/test/c/mbedtls_check.c").toString(),
                    "-lmbedtls",
                    "-lmbedx509",
                    "-lmbedcrypto"));
            if (gcc.exit() != 0) {
                missing = "cannot build mbedtls_check with gcc: "
                        + gcc.out()
                                .lines()
                                .filter(l -> l.contains("error"))
                                .findFirst()
                                .orElse(gcc.out());
            } else {
                binary = out;
            }
        } catch (IOException e) {
            missing = "cannot run gcc: " + e.getMessage();
        }
    }

    static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        try {
            return run(command);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + command);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Result(p.exitValue(), out);
    }
}
