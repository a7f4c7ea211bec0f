package org.mtlskit.handshake.interop;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestPki;

/**
 * The interop matrix (see {@link Matrix}) on ca-tool's files: a set in RSA-4096 (the demo's) and
 * one in EC P-256. Every cell runs real processes on loopback and asserts both sides' verdicts in
 * each peer's own words; the table is printed and written to target/interop-matrix.md, each
 * cell's output to target/interop/logs/. One JUnit test per cell.
 */
class InteropMatrixTest {

    @TempDir
    static Path root;

    static List<KeySet> keySets;

    @BeforeAll
    static void makeTheKeySets() {
        keySets = List.of(keySet("rsa-4096"), keySet("ec-p256"));
    }

    static KeySet keySet(String keyType) {
        Path keys = TestPki.makeSet(root.resolve(keyType), TestPki.demoProfiles(keyType), Clock.systemUTC());
        return new KeySet(keyType, keys);
    }

    @TestFactory
    Stream<DynamicTest> everyCellShowsTheDemoVerdictsOnBothSides() throws Exception {
        List<Cell> cells = Matrix.cells(keySets);
        long start = System.nanoTime();
        List<CellResult> results = Matrix.run(cells, Matrix.parallelism());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        MatrixReport.publish("Interop matrix", results, elapsed, "interop-matrix.md");
        return results.stream()
                .map(r -> DynamicTest.dynamicTest(r.cell().title(), () -> MatrixReport.assertAsExpected(r)));
    }
}
