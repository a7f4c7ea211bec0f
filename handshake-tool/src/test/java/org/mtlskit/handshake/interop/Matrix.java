package org.mtlskit.handshake.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The interop matrix: servers {handshake-tool, openssl, mbedtls, gnutls} × clients {the same},
 * every pair with handshake-tool on one side, plus OpenSSL ↔ mbedTLS both ways (ca-tool's files
 * between two peers that are not ours); each pair in TLS 1.2 and, where both speak it, TLS 1.3;
 * each with the demo's three scenarios, for each key set. Our mbedTLS peer plays twice against
 * handshake-tool: closing gracefully, and closing at once after a failed handshake as the demo's own
 * programs do (their reset must not hide their alert).
 */
final class Matrix {
    private Matrix() {}

    static final Peer HANDSHAKE_TOOL = new HandshakeToolPeer();
    static final Peer OPENSSL = new OpensslPeer();
    static final Peer MBEDTLS = new MbedtlsPeer();
    /** The same peer closing as the demo's programs do: at once after a failed handshake. */
    static final Peer MBEDTLS_AT_ONCE = new MbedtlsPeer(true);

    static final Peer GNUTLS = new GnutlsPeer();

    static final List<Peer> PEERS = List.of(HANDSHAKE_TOOL, OPENSSL, MBEDTLS, MBEDTLS_AT_ONCE, GNUTLS);

    /** Server, client. */
    static final List<List<Peer>> PAIRS = List.of(
            List.of(HANDSHAKE_TOOL, HANDSHAKE_TOOL),
            List.of(HANDSHAKE_TOOL, OPENSSL),
            List.of(HANDSHAKE_TOOL, MBEDTLS),
            List.of(HANDSHAKE_TOOL, MBEDTLS_AT_ONCE),
            List.of(HANDSHAKE_TOOL, GNUTLS),
            List.of(OPENSSL, HANDSHAKE_TOOL),
            List.of(MBEDTLS, HANDSHAKE_TOOL),
            List.of(MBEDTLS_AT_ONCE, HANDSHAKE_TOOL),
            List.of(GNUTLS, HANDSHAKE_TOOL),
            List.of(OPENSSL, MBEDTLS),
            List.of(MBEDTLS, OPENSSL));

    static final List<String> TLS_VERSIONS = List.of("1.2", "1.3");

    /** Ceiling on a whole cell, above the bounded waits inside it. */
    private static final long CELL_CEILING_SECONDS = 180;

    static List<Cell> cells(List<KeySet> keySets, List<List<Peer>> pairs, List<String> versions) {
        List<Cell> cells = new ArrayList<>();
        for (List<Peer> pair : pairs) {
            for (KeySet keys : keySets) {
                for (String tls : versions) {
                    if (!pair.get(0).speaks(tls) || !pair.get(1).speaks(tls)) {
                        continue;
                    }
                    for (DemoScenario scenario : DemoScenario.values()) {
                        cells.add(new Cell(pair.get(0), pair.get(1), keys, tls, scenario));
                    }
                }
            }
        }
        return cells;
    }

    static List<Cell> cells(List<KeySet> keySets) {
        return cells(keySets, PAIRS, TLS_VERSIONS);
    }

    /** Runs the cells, {@code parallelism} at a time; the results are in the cells' order. */
    static List<CellResult> run(List<Cell> cells, int parallelism) throws InterruptedException {
        // Build the C peers before the clock of any cell starts.
        PEERS.forEach(p -> {
            p.missing(Peer.Role.SERVER);
            p.missing(Peer.Role.CLIENT);
        });
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "interop-cell");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CellResult>> futures = new ArrayList<>();
            for (Cell cell : cells) {
                futures.add(pool.submit(() -> CellRun.run(cell)));
            }
            List<CellResult> results = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                try {
                    results.add(futures.get(i).get(CELL_CEILING_SECONDS, TimeUnit.SECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    futures.get(i).cancel(true);
                    Cell cell = cells.get(i);
                    Throwable why = e instanceof ExecutionException ? e.getCause() : e;
                    Verdict broken =
                            new Verdict(Verdict.Kind.FAILS, null, "the matrix could not run this cell: " + why);
                    results.add(CellResult.judged(
                            cell, CellExpectation.demo(cell), null, broken, broken, String.valueOf(why)));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** In CI nothing may be skipped: a missing peer fails its cells. */
    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Cells run at once (-Dinterop.parallelism=N); 2 fits the 2-core CI machines. */
    static int parallelism() {
        return Integer.getInteger("interop.parallelism", 2);
    }
}
