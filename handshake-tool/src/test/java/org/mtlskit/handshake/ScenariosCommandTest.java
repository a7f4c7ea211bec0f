package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** `handshake-tool scenarios`: the demo's three scenarios in one process, expected against actual. */
@Timeout(60)
class ScenariosCommandTest {

    @Test
    void generatedSetBehavesAsTheDemoSays(@TempDir Path root) {
        Path keys = TestPki.makeSet(root, TestPki.demoProfiles(TestCertificates.KEY), Clock.systemUTC());

        ToolRun.Result o = Cli.run("scenarios", "--keys", keys.toString()).assertExit(ExitCodes.OK);

        List<String> rows = rows(o);
        assertEquals(12, rows.size(), o.out()); // 3 scenarios x 2 TLS versions x 2 sides
        assertTrue(rows.stream().allMatch(r -> r.endsWith(" ok")), o.out());
        assertTrue(o.outLines().contains("All scenarios behaved as the demo says."), o.out());
        assertEquals("", o.err());
    }

    @Test
    void setWhoseBadClientIsTrustedIsAMismatch(@TempDir Path root) throws Exception {
        Path keys = TestPki.makeSet(root, TestPki.demoProfiles(TestCertificates.KEY), Clock.systemUTC());
        // the "bad" certificate replaced by the good client's: the server now accepts the bad client
        Files.copy(keys.resolve("client_cert.pem"), keys.resolve("bad_cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(keys.resolve("client_key.pem"), keys.resolve("bad_key.pem"), StandardCopyOption.REPLACE_EXISTING);

        ToolRun.Result o = Cli.run("scenarios", "--keys", keys.toString());

        assertEquals(ExitCodes.SCENARIO_MISMATCH, o.code(), o.out());
        for (String tls : List.of("1.3", "1.2")) {
            assertTrue(
                    o.outLines()
                            .contains(String.format(
                                            ScenariosCommand.ROW,
                                            "bad client (untrusted CA)",
                                            tls,
                                            "server",
                                            "refuses: Certificate not trusted",
                                            "accepts",
                                            "MISMATCH")
                                    .stripTrailing()),
                    o.out());
        }
        assertTrue(o.outLines().contains("Some scenarios did not behave as expected."), o.out());
    }

    @Test
    void missingKeyFolderExits3NamingTheFile(@TempDir Path root) {
        Path keys = root.resolve("no-keys");

        ToolRun.Result o = Cli.run("scenarios", "--keys", keys.toString()).assertExit(ExitCodes.UNUSABLE_FILE);

        assertEquals(List.of("handshake-tool: error: " + keys.resolve("ca_cert.pem") + ": no such file"), o.errLines());
    }

    /** The table's rows: each ends with "ok" or "MISMATCH". */
    private static List<String> rows(ToolRun.Result o) {
        return o.outLines().stream()
                .filter(l -> l.endsWith(" ok") || l.endsWith(" MISMATCH"))
                .toList();
    }
}
