package org.mtlskit.pki.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One-shot runs of real programs (openssl, keytool, certtool): stdin closed, stdout and stderr
 * together, a time limit after which the program is killed. This includes an s_client that ends at
 * the end of its input; peers that must stay up while a test talks to them (s_server, gnutls-serv,
 * our mbedTLS peer) are the interop tests' Peer classes.
 * A program that is not installed skips the test locally and fails it with CI=true.
 */
public final class Programs {
    private Programs() {}

    /** How long a one-shot program may run before the test calls it stuck. */
    private static final long PATIENCE_SECONDS = 60;

    /** What a finished program returned and printed (stdout and stderr together). */
    public record Result(int code, String output) {}

    /**
     * Runs {@code command} in {@code dir} (null: this JVM's working directory). Its output goes to a
     * file, not a pipe, so a program that never ends cannot block the read: after the time limit it is
     * killed (it is ours: we hold its Process) and the test fails with what it printed.
     */
    public static Result run(Path dir, List<String> command) {
        Path output;
        try {
            output = Files.createTempFile("mtlskit-program-", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
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
            p.getOutputStream().close();
            if (!p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS);
                fail("still running after " + PATIENCE_SECONDS + " s, killed: " + String.join(" ", command) + "\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // a temporary file the OS cleans up anyway
            }
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
