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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** ca-tool in-process and the real openssl binary, for the sign/show/verify/csr/import-conf tests. */
final class ToolCalls {
    private ToolCalls() {
    }

    record Run(int code, String out, String err) {
        /** The one error line without its "ca-tool: error: " prefix. */
        String error() {
            List<String> lines = err.lines().toList();
            assertEquals(1, lines.size(), "expected one error line, got:\n" + err + "\nstdout:\n" + out);
            assertTrue(lines.get(0).startsWith("ca-tool: error: "), err);
            return lines.get(0).substring("ca-tool: error: ".length());
        }
    }

    static Run caTool(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CaTool.commandLine(clock, new SecureRandom(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run caTool(String... args) {
        return caTool(Clock.systemUTC(), args);
    }

    /** Runs openssl in {@code dir}; stdout and stderr together. */
    static Run openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
            return new Run(p.exitValue(), output, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String opensslOk(Path dir, String... args) {
        Run r = openssl(dir, args);
        assertEquals(0, r.code(), "openssl " + String.join(" ", args) + "\n" + r.out());
        return r.out();
    }
}
