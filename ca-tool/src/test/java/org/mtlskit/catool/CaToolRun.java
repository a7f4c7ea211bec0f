package org.mtlskit.catool;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ca-tool in-process and the real openssl binary, capturing what each prints. */
final class CaToolRun {
    private CaToolRun() {
    }

    /** What a ca-tool run returned and printed. */
    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        /** The error line without the "ca-tool: error: " prefix; fails unless stderr is exactly one line. */
        String errorLine() {
            List<String> lines = err.lines().toList();
            assertEquals(1, lines.size(), "expected one error line, got:\n" + err);
            assertTrue(lines.get(0).startsWith("ca-tool: error: "), err);
            return lines.get(0).substring("ca-tool: error: ".length());
        }
    }

    static Result caTool(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CaTool.commandLine(clock, new SecureRandom(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result caTool(String... args) {
        return caTool(Clock.systemUTC(), args);
    }

    /** What an openssl run returned; stdout and stderr together. */
    record Process(int code, String output) {
    }

    static Process openssl(Path workDir, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            java.lang.Process p = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
            return new Process(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs openssl and fails the test unless it exits 0. */
    static String opensslOk(Path workDir, String... args) {
        Process p = openssl(workDir, args);
        assertEquals(0, p.code(), "openssl " + String.join(" ", args) + "\n" + p.output());
        return p.output();
    }
}
