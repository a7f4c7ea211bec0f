package org.mtlskit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One-shot runs of real programs (openssl, keytool, certtool): stdin closed, stdout and stderr
 * together, a time limit. Long-running peers (s_server, s_client) are the interop tests' Peer classes.
 * A program that is not installed skips the test locally and fails it with CI=true.
 */
public final class Programs {
    private Programs() {
    }

    /** How long a one-shot program may run before the test calls it stuck. */
    private static final long PATIENCE_SECONDS = 60;

    /** What a finished program returned and printed (stdout and stderr together). */
    public record Result(int code, String output) {
    }

    /** Runs {@code command} in {@code dir} (null: this JVM's working directory). */
    public static Result run(Path dir, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail(command.get(0) + " not found (CI=true): " + e.getMessage());
            }
            Assumptions.abort(command.get(0) + " not found: " + e.getMessage());
            throw new IllegalStateException(e);
        }
        try {
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code command} and fails the test unless it exits 0; returns what it printed. */
    public static String ok(Path dir, List<String> command) {
        Result r = run(dir, command);
        assertEquals(0, r.code(), String.join(" ", command) + "\n" + r.output());
        return r.output();
    }

    public static String ok(String... command) {
        return ok(null, List.of(command));
    }

    /** openssl with {@code args}, in {@code dir}. */
    public static Result openssl(Path dir, String... args) {
        return run(dir, withProgram("openssl", args));
    }

    /** openssl with {@code args}, in {@code dir}; fails unless it exits 0. */
    public static String opensslOk(Path dir, String... args) {
        return ok(dir, withProgram("openssl", args));
    }

    private static List<String> withProgram(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(args));
        return command;
    }
}
