package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestPki;

/**
 * The demo's refusals against an mbedTLS 2.28 program that closes as the demo's own programs do: it
 * sends its fatal alert, then frees and closes at once with our last flight unread, so its kernel
 * resets the connection. handshake-tool must read the alert that came before the reset: exit 5 and
 * unknown_ca, every time, in both roles ("bad client": connect refused by the mbedTLS server; "bad
 * server": serve refused by the mbedTLS client). TLS 1.2 (all mbedTLS 2.28 speaks), RSA-4096 and
 * P-256, 10 runs each, one after the other on loopback.
 */
@Timeout(600)
class CloseAtOnceLoopTest {
    static final int RUNS = 10;

    @TempDir
    static Path root;

    static List<KeySet> keySets;

    @BeforeAll
    static void makeTheKeySets() {
        keySets = List.of(keySet("rsa-4096"), keySet("ec-p256"));
    }

    static KeySet keySet(String keyType) {
        return new KeySet(
                keyType, TestPki.makeSet(root.resolve(keyType), TestPki.demoProfiles(keyType), Clock.systemUTC()));
    }

    @Test
    void badClientIsToldTheMbedtlsServersAlertEveryTime() throws Exception {
        assertEveryRunAsTheDemo(Matrix.MBEDTLS_AT_ONCE, Matrix.HANDSHAKE_TOOL, DemoScenario.BAD_CLIENT);
    }

    @Test
    void badServerIsToldTheMbedtlsClientsAlertEveryTime() throws Exception {
        assertEveryRunAsTheDemo(Matrix.HANDSHAKE_TOOL, Matrix.MBEDTLS_AT_ONCE, DemoScenario.BAD_SERVER);
    }

    private static void assertEveryRunAsTheDemo(Peer server, Peer client, DemoScenario scenario) throws Exception {
        List<Cell> cells = new ArrayList<>();
        for (KeySet keys : keySets) {
            for (int i = 0; i < RUNS; i++) {
                cells.add(new Cell(server, client, keys, "1.2", scenario));
            }
        }
        List<CellResult> results = Matrix.run(cells, 1);
        results.forEach(MatrixReport::requireRan);
        List<CellResult> wrong =
                results.stream().filter(r -> r.status() != CellResult.Status.OK).toList();
        for (KeySet keys : keySets) {
            long ok = results.stream()
                    .filter(r -> r.cell().keys() == keys && r.status() == CellResult.Status.OK)
                    .count();
            System.out.printf(
                    "%s, %s: %d of %d runs as the demo%n",
                    cells.get(0).title().replaceAll(" · .*", ""), keys.name(), ok, RUNS);
        }
        // handshake-tool's side is the one that must hear the alert: exit 5 and unknown_ca, in every run.
        Peer.Role ours = server == Matrix.HANDSHAKE_TOOL ? Peer.Role.SERVER : Peer.Role.CLIENT;
        for (CellResult r : results) {
            Verdict v = ours == Peer.Role.SERVER ? r.server() : r.client();
            assertEquals(Integer.valueOf(5), v.exitCode(), () -> MatrixReport.describe(r));
            assertEquals(Alert.UNKNOWN_CA.jsseName, v.detail(), () -> MatrixReport.describe(r));
        }
        assertEquals(List.of(), wrong.stream().map(MatrixReport::describe).collect(Collectors.toList()));
    }
}
