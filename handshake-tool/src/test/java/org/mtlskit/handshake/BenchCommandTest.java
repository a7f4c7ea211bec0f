package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.handshake.tls.HandshakeFiles;
import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.handshake.tls.TlsServer;
import org.mtlskit.handshake.tls.TlsVersion;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * handshake-tool bench against a real {@link TlsServer} on a loopback port: it counts every
 * handshake the server counts, resumes sessions only when asked (and says how many it resumed),
 * and names the reason of each failure. No assertion on timings: only counts and output lines.
 */
class BenchCommandTest {

    @TempDir
    static Path root;

    static Path keys;

    @BeforeAll
    static void makeTheDemoSet() {
        keys = TestPki.makeSet(root, TestPki.demoProfiles("ec-p256"), Clock.systemUTC());
    }

    /** A TlsServer for {@code count} connections on a free loopback port, serving in a thread. */
    static final class Server implements AutoCloseable {
        final TlsServer tls;
        final List<HandshakeResult> results = Collections.synchronizedList(new ArrayList<>());
        final Thread serving;

        Server(int count, TlsVersion version) throws IOException {
            HandshakeFiles credentials = HandshakeFiles.load(
                    keys.resolve("ca_cert.pem"),
                    keys.resolve("server_cert.pem"),
                    keys.resolve("server_key.pem"),
                    "server",
                    Clock.systemUTC().instant(),
                    line -> {});
            tls = new TlsServer(
                    credentials,
                    version,
                    Clock.systemUTC(),
                    Duration.ofSeconds(5),
                    4,
                    InetAddress.getLoopbackAddress(),
                    0);
            serving = new Thread(
                    () -> {
                        try {
                            tls.serve(count, new TlsServer.Listener() {
                                @Override
                                public void connected(InetSocketAddress client) {}

                                @Override
                                public void finished(InetSocketAddress client, HandshakeResult result) {
                                    results.add(result);
                                }
                            });
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    "bench-test-server");
            serving.start();
        }

        long succeeded() throws InterruptedException {
            serving.join(30_000);
            return results.stream().filter(HandshakeResult::succeeded).count();
        }

        @Override
        public void close() {
            tls.close();
        }
    }

    record Run(int exit, String out, String err) {
        String line(String prefix) {
            return out.lines()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no line \"" + prefix + "...\" in:\n" + out + err));
        }
    }

    /** The first line of {@code run}'s output that starts with {@code prefix}. */
    static String line(ToolRun.Result run, String prefix) {
        return run.outLines().stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line \"" + prefix + "...\" in:\n" + run.out() + run.err()));
    }

    static ToolRun.Result bench(String client, int port, String... extra) {
        String[] args = Stream.concat(
                        Stream.of(
                                "bench",
                                "--connect",
                                "127.0.0.1:" + port,
                                "--server",
                                "localhost",
                                "--ca-certificate",
                                keys.resolve("ca_cert.pem").toString(),
                                "--certificate",
                                keys.resolve(client + "_cert.pem").toString(),
                                "--private-key",
                                keys.resolve(client + "_key.pem").toString()),
                        Stream.of(extra))
                .toArray(String[]::new);
        return Cli.run(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    @Timeout(60)
    void countsEveryFullHandshakeTheServerAccepted(String tls) throws Exception {
        try (Server server = new Server(6, TlsVersion.ANY)) {
            ToolRun.Result run = bench("client", server.tls.port(), "--count", "6", "--concurrency", "2", "--tls", tls);

            assertEquals(0, run.code(), run.out() + run.err());
            assertEquals(
                    "Handshakes: 6 succeeded, 0 failed",
                    line(run, "Handshakes: ").replaceAll(", in .*", ""));
            assertEquals("Resumed: 0 of 6 (0%)", line(run, "Resumed: "));
            assertEquals("Protocols: TLSv" + tls + " 6", line(run, "Protocols: "));
            assertEquals("Failures: none", line(run, "Failures: "));
            assertTrue(line(run, "Handshakes per second: ").matches("Handshakes per second: \\d+\\.\\d"), run.out());
            assertTrue(
                    line(run, "Latency: ").matches("Latency: p50 \\d+\\.\\d ms, p99 \\d+\\.\\d ms, max \\d+\\.\\d ms"),
                    run.out());
            assertEquals("", run.err());
            assertEquals(6, server.succeeded());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    @Timeout(60)
    void resumeResumesEveryHandshakeAfterTheFirst(String tls) throws Exception {
        try (Server server = new Server(5, TlsVersion.ANY)) {
            ToolRun.Result run = bench("client", server.tls.port(), "--count", "5", "--resume", "--tls", tls);

            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(run.out().contains("resuming sessions"), run.out());
            assertEquals(
                    "Handshakes: 5 succeeded, 0 failed",
                    line(run, "Handshakes: ").replaceAll(", in .*", ""));
            assertEquals("Resumed: 4 of 5 (80%)", line(run, "Resumed: "));
            assertEquals(5, server.succeeded());
        }
    }

    @Test
    @Timeout(60)
    void warmUpConnectionsAreMadeButNotCounted() throws Exception {
        try (Server server = new Server(0, TlsVersion.ANY)) {
            ToolRun.Result run = bench("client", server.tls.port(), "--count", "3", "--warm-up", "1");

            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(line(run, "Connecting to ").endsWith(", after 1 s of warm-up"), run.out());
            assertEquals(
                    "Handshakes: 3 succeeded, 0 failed",
                    line(run, "Handshakes: ").replaceAll(", in .*", ""));
            server.close();
            assertTrue(server.succeeded() > 3, "the server saw " + server.results.size() + " connections");
        }
    }

    @Test
    @Timeout(60)
    void withoutVerdictAHandshakeCountsWhenTheServerClosesWithoutAlert() throws Exception {
        try (Server server = new Server(3, TlsVersion.ANY)) {
            ToolRun.Result run = bench("client", server.tls.port(), "--count", "3", "--no-verdict");

            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(
                    line(run, "Connecting to ").endsWith("accepted when the server closes after the handshake"),
                    run.out());
            assertEquals(
                    "Handshakes: 3 succeeded, 0 failed",
                    line(run, "Handshakes: ").replaceAll(", in .*", ""));
            assertEquals(3, server.succeeded());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--no-verdict"})
    @Timeout(60)
    void clientTheServerRefusesIsCountedAsAFailureByReason(String noVerdict) throws Exception {
        try (Server server = new Server(3, TlsVersion.TLS_1_3)) {
            ToolRun.Result run = noVerdict.isEmpty()
                    ? bench("bad", server.tls.port(), "--count", "3")
                    : bench("bad", server.tls.port(), "--count", "3", noVerdict);

            assertEquals(ExitCodes.PEER_REFUSED, run.code(), run.out() + run.err());
            assertEquals(
                    "Handshakes: 0 succeeded, 3 failed",
                    line(run, "Handshakes: ").replaceAll(", in .*", ""));
            assertEquals("Failures by reason:", line(run, "Failures"));
            Matcher reason = Pattern.compile("(?m)^ +3  the server refused us (during|after) the handshake "
                            + "\\(it sent the alert \\w+: [^)]+\\)$")
                    .matcher(run.out());
            assertTrue(reason.find(), run.out());
            assertEquals("handshake-tool: 3 of 3 handshakes failed\n", run.err());
            assertEquals(0, server.succeeded());
        }
    }

    @Test
    @Timeout(60)
    void serverTheClientRefusesIsCountedWithOurReasons() throws Exception {
        HandshakeFiles badServer = HandshakeFiles.load(
                keys.resolve("bad_ca_cert.pem"),
                keys.resolve("bad_cert.pem"),
                keys.resolve("bad_key.pem"),
                "server",
                Clock.systemUTC().instant(),
                line -> {});
        try (TlsServer server = new TlsServer(
                badServer,
                TlsVersion.ANY,
                Clock.systemUTC(),
                Duration.ofSeconds(5),
                2,
                InetAddress.getLoopbackAddress(),
                0)) {
            Thread serving = new Thread(() -> {
                try {
                    server.serve(2, new TlsServer.Listener() {
                        @Override
                        public void connected(InetSocketAddress client) {}

                        @Override
                        public void finished(InetSocketAddress client, HandshakeResult result) {}
                    });
                } catch (IOException ignored) {
                    // the test reads the client's side
                }
            });
            serving.start();
            ToolRun.Result run = bench("client", server.port(), "--count", "2");

            assertEquals(ExitCodes.WE_REFUSED, run.code(), run.out() + run.err());
            assertTrue(
                    run.out().contains("       2  we refused the server's certificate: Certificate not trusted\n"),
                    run.out());
            serving.join(30_000);
        }
    }

    @Test
    @Timeout(60)
    void unreachableServerEndsTheRunAtTheFirstConnection() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ToolRun.Result run = bench("client", closedPort, "--count", "50", "--concurrency", "1");

        assertEquals(ExitCodes.NETWORK, run.code(), run.out() + run.err());
        assertTrue(
                run.out()
                        .contains(
                                "       1  cannot connect to 127.0.0.1 port " + closedPort + ": connection refused\n"),
                run.out());
        assertEquals(
                "handshake-tool: 1 of 1 handshakes failed; the server could not be reached, which ended the run\n",
                run.err());
    }

    @Test
    void countAndDurationTogetherAreAUsageError() {
        ToolRun.Result run = bench("client", 4433, "--count", "5", "--duration", "5");

        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().startsWith("handshake-tool: error: give --count or --duration, not both\n"), run.err());
    }

    @Test
    void zeroConcurrencyIsAUsageError() {
        ToolRun.Result run = bench("client", 4433, "--count", "5", "--concurrency", "0");

        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(
                run.err().startsWith("handshake-tool: error: --concurrency and --timeout must be 1 or more\n"),
                run.err());
    }

    @Test
    void zeroCountIsAUsageError() {
        ToolRun.Result run = bench("client", 4433, "--count", "0");

        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(
                run.err().startsWith("handshake-tool: error: --count and --duration must be 1 or more\n"), run.err());
    }

    @Test
    void negativeWarmUpIsAUsageError() {
        ToolRun.Result run = bench("client", 4433, "--count", "5", "--warm-up", "-1");

        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().startsWith("handshake-tool: error: --warm-up must be 0 or more\n"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:0", "localhost:http", ":4433"})
    void connectWithoutAUsablePortIsAUsageError(String connect) {
        ToolRun.Result r = Cli.run(
                "bench",
                "--connect",
                connect,
                "--ca-certificate",
                "ca.pem",
                "--certificate",
                "c.pem",
                "--private-key",
                "k.pem");

        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(
                r.err()
                        .startsWith(
                                "handshake-tool: error: --connect: expected HOST:PORT with a port from 1 to 65535, got \""
                                        + connect + "\"\n"),
                r.err());
    }
}
