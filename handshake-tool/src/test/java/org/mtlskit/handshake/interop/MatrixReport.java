package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests do with a finished matrix: print the table, write it and each cell's transcript
 * under target/, and turn a cell into a JUnit outcome (a skipped cell is an assumption failure on
 * a developer's machine and a failure in CI).
 */
final class MatrixReport {
    private MatrixReport() {}

    static MatrixTable publish(String title, List<CellResult> results, Duration elapsed, String fileName)
            throws IOException {
        MatrixTable table = new MatrixTable(title, results, elapsed);
        System.out.println(table.text());
        Path target = NativeBuild.moduleDir().resolve("target");
        table.writeMarkdown(target.resolve(fileName));
        Path logs = Files.createDirectories(
                NativeBuild.targetDir().resolve("logs").resolve(fileName.replaceAll("\\.md$", "")));
        for (int i = 0; i < results.size(); i++) {
            CellResult r = results.get(i);
            String name = String.format("%03d-%s.txt", i + 1, r.cell().title().replaceAll("[^A-Za-z0-9.]+", "-"));
            Files.writeString(logs.resolve(name), r.cell().title() + "\n" + r.status().words + "\n" + r.transcript());
        }
        System.out.println("Written: " + target.resolve(fileName) + " and the peers' output in " + logs);
        return table;
    }

    /** Skips a cell that did not run, or fails it in CI (env CI=true). */
    static void requireRan(CellResult r) {
        requireRan(r, Matrix.inCi());
    }

    static void requireRan(CellResult r, boolean ci) {
        if (r.status() != CellResult.Status.SKIPPED) {
            return;
        }
        if (ci) {
            fail("CI=true, so no cell may be skipped, but " + r.cell().title() + " cannot run: " + r.skipReason());
        }
        System.out.println("Skipped " + r.cell().title() + ": " + r.skipReason());
        Assumptions.abort(r.skipReason());
    }

    /** Fails with both sides' expected and actual verdicts and the peers' output. */
    static void assertAsExpected(CellResult r) {
        requireRan(r);
        if (r.status() == CellResult.Status.FAIL) {
            fail(describe(r));
        }
    }

    static String describe(CellResult r) {
        return r.cell().title() + ": " + r.status().words
                + (r.statusNote().isEmpty() ? "" : " (" + r.statusNote() + ")") + "\n"
                + "  server expected: " + CellExpectation.describe(r.expected().server()) + "\n"
                + "  server actual:   " + r.server().describe() + (r.serverOk() ? "" : "   <-- differs") + "\n"
                + "  client expected: " + CellExpectation.describe(r.expected().client()) + "\n"
                + "  client actual:   " + r.client().describe() + (r.clientOk() ? "" : "   <-- differs") + "\n"
                + r.transcript();
    }
}
