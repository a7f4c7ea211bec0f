package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestPki;

/**
 * The matrix notices a broken fixture: with a server certificate that the clients must refuse,
 * the cells where the good server certificate is used (good pair, bad client) turn red, with the
 * client refusing the server, and the bad-CA-server cells, which do not use it, stay green. Every
 * pair of the matrix, TLS 1.2, RSA-2048 keys (quick to make, and readable by every peer).
 */
class InteropBrokenFixtureTest {
    private static final String KEY = "rsa-2048";

    @TempDir
    static Path root;

    @Test
    void serverCertificateWithoutTheSanLocalhostTurnsTheCellsThatUseItRed() throws Exception {
        Map<String, String> profiles = TestPki.demoProfiles(KEY);
        profiles.put("server", TestPki.leaf("ca", KEY, "[serverAuth]", "elsewhere.example"));
        assertBrokenServerCertificateIsCaught("server SAN elsewhere.example", profiles, "interop-broken-san.md");
    }

    @Test
    void goodServerCertificateSignedByTheBadCaTurnsTheCellsThatUseItRed() throws Exception {
        Map<String, String> profiles = TestPki.demoProfiles(KEY);
        profiles.put("server", TestPki.leaf("bad-ca", KEY, "[serverAuth]", "localhost"));
        assertBrokenServerCertificateIsCaught("server signed by bad CA", profiles, "interop-broken-issuer.md");
    }

    private static void assertBrokenServerCertificateIsCaught(
            String breakage, Map<String, String> profiles, String fileName) throws Exception {
        Path dir = root.resolve(fileName.replace(".md", ""));
        KeySet keys = new KeySet(KEY + ", " + breakage, TestPki.makeSet(dir, profiles, Clock.systemUTC()));
        List<Cell> cells = Matrix.cells(List.of(keys), Matrix.PAIRS, List.of("1.2"));
        long start = System.nanoTime();
        List<CellResult> results = Matrix.run(cells, Matrix.parallelism());
        MatrixReport.publish(
                "Interop matrix with a broken fixture (" + breakage + ")",
                results,
                Duration.ofNanos(System.nanoTime() - start),
                fileName);

        for (CellResult r : results) {
            MatrixReport.requireRan(r);
            String why = MatrixReport.describe(r);
            if (r.cell().scenario() == DemoScenario.BAD_SERVER) {
                assertEquals(CellResult.Status.OK, r.status(), "this cell does not use the broken file:\n" + why);
            } else {
                assertEquals(CellResult.Status.FAIL, r.status(), "the matrix missed the broken file:\n" + why);
                assertFalse(r.clientOk(), why);
                assertEquals(Verdict.Kind.REFUSES, r.client().kind(), "the client must refuse the server:\n" + why);
                assertTrue(r.client().exitCode() == null || r.client().exitCode() != 0, why);
            }
        }
    }
}
