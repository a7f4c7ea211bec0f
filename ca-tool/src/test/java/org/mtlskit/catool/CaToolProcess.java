package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** ca-tool as a real child process, so that a halt or a SIGKILL ends a real JVM mid-run. */
final class CaToolProcess {
    private CaToolProcess() {
    }

    /** What a finished run returned and printed (stdout and stderr apart). */
    record Result(int code, String out, String err) {
    }

    /** Starts ca-tool with {@code jvmOptions} (such as -Dmtlskit.test.haltAfterRename=3) and {@code args}. */
    static Process start(List<String> jvmOptions, Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // start-up flags only: a quicker JVM start, the same code
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CaTool.class.getName()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).start();
            p.getOutputStream().close();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a started run (at most two minutes) and collects what it printed. */
    static Result finish(Process p) {
        try {
            // ca-tool prints little: reading after the exit cannot fill a pipe and block it
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ca-tool did not finish in 2 minutes");
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills a started run with SIGKILL and waits for it to end. */
    static void kill(Process p) {
        p.destroyForcibly();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a killed ca-tool did not end");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result run(List<String> jvmOptions, Path workDir, String... args) {
        return finish(start(jvmOptions, workDir, args));
    }
}
