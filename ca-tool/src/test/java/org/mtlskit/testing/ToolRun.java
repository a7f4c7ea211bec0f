package org.mtlskit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mtlskit.catool.CaTool;
import picocli.CommandLine;

/**
 * The one way tests run our tools: in this JVM as their main does, with stdout and stderr captured,
 * or as a child JVM (for a halt or a SIGKILL mid-run, or a shell script that calls the tool by name).
 * Shared by both modules through ca-tool's test-jar, so handshake-tool's tests reach ca-tool through
 * this class and the main-class names below, never through ca-tool's command classes.
 */
public final class ToolRun {
    private ToolRun() {}

    public static final String CA_TOOL_MAIN = "org.mtlskit.catool.CaTool";
    public static final String HANDSHAKE_TOOL_MAIN = "org.mtlskit.handshake.HandshakeTool";

    /** A tool's command line, wired to the given output streams. */
    @FunctionalInterface
    public interface Tool {
        CommandLine commandLine(PrintWriter out, PrintWriter err);
    }

    /** What a finished run returned and printed. */
    public static final class Result {
        private final String tool;
        private final int code;
        private final String out;
        private final String err;

        public Result(String tool, int code, String out, String err) {
            this.tool = tool;
            this.code = code;
            this.out = out;
            this.err = err;
        }

        public int code() {
            return code;
        }

        public String out() {
            return out;
        }

        public String err() {
            return err;
        }

        public List<String> outLines() {
            return out.lines().toList();
        }

        public List<String> errLines() {
            return err.lines().toList();
        }

        /** The one error line without its "TOOL: error: " prefix; fails unless stderr is exactly that line. */
        public String errorLine() {
            List<String> lines = errLines();
            assertEquals(1, lines.size(), "expected one error line, got:\n" + err + "\nstdout:\n" + out);
            String prefix = tool + ": error: ";
            assertTrue(lines.get(0).startsWith(prefix), err);
            return lines.get(0).substring(prefix.length());
        }

        /** Fails, showing both streams, unless the exit code is {@code expected}. */
        public Result assertExit(int expected) {
            assertEquals(expected, code, () -> "exit code; stdout:\n" + out + "stderr:\n" + err);
            return this;
        }

        @Override
        public String toString() {
            return tool + " exit " + code + "\nstdout:\n" + out + "stderr:\n" + err;
        }
    }

    /** Runs {@code tool} (named {@code name} in its error lines) in this JVM with {@code args}. */
    public static Result run(String name, Tool tool, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = tool.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Result(name, code, out.toString(), err.toString());
    }

    /** ca-tool in this JVM, with {@code clock} as its clock. */
    public static Result caTool(Clock clock, String... args) {
        return run("ca-tool", (out, err) -> CaTool.commandLine(clock, new SecureRandom(), out, err), args);
    }

    public static Result caTool(String... args) {
        return caTool(Clock.systemUTC(), args);
    }

    /** The command that starts {@code mainClass} in a child JVM on this test's class path. */
    public static List<String> javaCommand(String mainClass) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // start-up flags only: a quicker JVM start, the same code
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass);
    }

    /** Starts {@code mainClass} as a child JVM with {@code jvmOptions} (such as -Dmtlskit.test.haltAfterRename=3). */
    public static Process start(String mainClass, List<String> jvmOptions, Path workDir, String... args) {
        List<String> java = javaCommand(mainClass);
        List<String> command = new ArrayList<>(java.subList(0, 3));
        command.addAll(jvmOptions);
        command.addAll(java.subList(3, java.size()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).start();
            p.getOutputStream().close();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ca-tool as a child JVM, so that a halt or a SIGKILL ends a real process mid-run. */
    public static Process startCaTool(List<String> jvmOptions, Path workDir, String... args) {
        return start(CA_TOOL_MAIN, jvmOptions, workDir, args);
    }

    public static Result finishCaTool(Process p) {
        return finish("ca-tool", p);
    }

    /** ca-tool as a child JVM, run to its end. */
    public static Result runCaToolChild(List<String> jvmOptions, Path workDir, String... args) {
        return finishCaTool(startCaTool(jvmOptions, workDir, args));
    }

    /** Waits for a started child (at most two minutes) and collects what it printed. */
    public static Result finish(String name, Process p) {
        try {
            // our tools print little: reading after the exit cannot fill a pipe and block it
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " did not finish in 2 minutes");
            return new Result(
                    name,
                    p.exitValue(),
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills a started child with SIGKILL (it is ours: we hold its Process) and waits for it to end. */
    public static void kill(Process p) {
        p.destroyForcibly();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a killed child did not end");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
