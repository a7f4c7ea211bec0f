package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mtlskit.handshake.tls.HandshakeFiles;
import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.handshake.tls.TlsClient;
import org.mtlskit.handshake.tls.TlsServer;
import org.mtlskit.handshake.tls.TlsVersion;
import org.mtlskit.testing.ToolRun;

/**
 * Peers that do not play by the rules, against the server of {@code handshake-tool serve} on a loopback
 * port, configured as serve configures it (--max-concurrent 32, the default; --timeout 3 here, to keep
 * the test short). After each: a good client still completes its handshake in about its usual time
 * (measured in the same test), the server never runs more handshake threads than its bound, every
 * hostile connection is closed by the server by its deadline, and the heap stays bounded.
 *
 * <p>Bounded in count and time: at most 257 hostile connections per case, every one closed in
 * teardown, every case under a minute.
 */
@Timeout(60)
class HostilePeersTest {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final int MAX_CONCURRENT = 32;
    /** How much slower than the baseline a good client may be while the server is under attack: functional, not a benchmark. */
    static final Duration SLACK = Duration.ofSeconds(2);
    /** When a hostile connection must have been closed: its deadline, the linger after a failure, and slack. */
    static final Duration CUT_OFF = TIMEOUT.plusSeconds(3);

    static final long HEAP_GROWTH_LIMIT = 32L << 20;

    @TempDir
    static Path root;

    static HandshakeFiles serverSide;
    static HandshakeFiles clientSide;
    /** What a JSSE client sends first: its ClientHello record, captured on a plain socket. */
    static byte[] clientHello;

    static long heapAtStart;

    @BeforeAll
    static void makeCertificatesAndCaptureAClientHello() throws Exception {
        Path keys = TestCertificates.make(root);
        java.time.Instant now = java.time.Instant.now();
        serverSide = HandshakeFiles.load(
                keys.resolve("ca_cert.pem"),
                keys.resolve("server_cert.pem"),
                keys.resolve("server_key.pem"),
                "server",
                now,
                s -> {});
        clientSide = HandshakeFiles.load(
                keys.resolve("ca_cert.pem"),
                keys.resolve("client_cert.pem"),
                keys.resolve("client_key.pem"),
                "client",
                now,
                s -> {});
        clientHello = captureClientHello();
        heapAtStart = usedHeapAfterGc();
    }

    /** Runs a JSSE client against a plain server socket and keeps the first TLS record it sends. */
    static byte[] captureClientHello() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<HandshakeResult> client = CompletableFuture.supplyAsync(() -> new TlsClient(
                            clientSide, TlsVersion.ANY, Clock.systemUTC(), "localhost", Duration.ofSeconds(5))
                    .connect(plain.getLocalPort(), s -> {}));
            try (Socket s = plain.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                byte[] header = in.readNBytes(5);
                assertEquals(22, header[0], "a TLS handshake record");
                int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                byte[] record = Arrays.copyOf(header, 5 + length);
                assertEquals(length, in.readNBytes(record, 5, length));
                assertEquals(1, record[5], "a ClientHello");
                s.setSoLinger(true, 0);
                return record;
            } finally {
                client.get(10, TimeUnit.SECONDS);
            }
        }
    }

    // ---- the server under test, and what it is watched for

    RunningServer server;
    final List<Socket> hostile = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> helpers = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeEverything() throws Exception {
        for (Thread t : helpers) {
            t.interrupt();
        }
        synchronized (hostile) {
            for (Socket s : hostile) {
                s.close();
            }
        }
        for (Thread t : helpers) {
            t.join(5000);
        }
        if (server != null) {
            server.close();
        }
    }

    /** TlsServer as `serve` makes it, serving on its own thread until closed; a sampler watches its threads. */
    static final class RunningServer implements AutoCloseable {
        final TlsServer tls;
        final List<HandshakeResult> results = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger connected = new AtomicInteger();
        final Thread loop;
        final Thread sampler;
        volatile int maxWorkers;
        volatile int maxServerThreads;
        volatile boolean stop;

        RunningServer() throws IOException {
            this(MAX_CONCURRENT);
        }

        RunningServer(int maxConcurrent) throws IOException {
            this(maxConcurrent, TIMEOUT);
        }

        RunningServer(int maxConcurrent, Duration timeout) throws IOException {
            tls = new TlsServer(
                    serverSide,
                    TlsVersion.ANY,
                    Clock.systemUTC(),
                    timeout,
                    maxConcurrent,
                    InetAddress.getLoopbackAddress(),
                    0);
            loop = new Thread(
                    () -> {
                        try {
                            tls.serve(0, new TlsServer.Listener() {
                                @Override
                                public void connected(InetSocketAddress client) {
                                    connected.incrementAndGet();
                                }

                                @Override
                                public void finished(InetSocketAddress client, HandshakeResult result) {
                                    results.add(result);
                                }
                            });
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "serve-loop");
            loop.setDaemon(true);
            loop.start();
            sampler = new Thread(
                    () -> {
                        while (!stop) {
                            ServerThreads t = ServerThreads.now();
                            maxWorkers = Math.max(maxWorkers, t.workers);
                            maxServerThreads = Math.max(maxServerThreads, t.all);
                            try {
                                Thread.sleep(10);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "thread-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        int port() {
            return tls.port();
        }

        /** Waits until every accepted connection has finished, or fails after {@code within}. */
        void awaitIdle(Duration within) throws InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            while (tls.inFlight() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(0, tls.inFlight(), "connections still in flight after " + within);
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            tls.close();
            loop.join(TIMEOUT.toMillis() * 2 + 3000);
            sampler.join(1000);
        }
    }

    /** Live threads of the server: handshake workers ("handshake-N"), and all "handshake-*" but the CLI's own. */
    record ServerThreads(int workers, int all) {
        static ServerThreads now() {
            ThreadGroup group = Thread.currentThread().getThreadGroup();
            while (group.getParent() != null) {
                group = group.getParent();
            }
            Thread[] threads = new Thread[group.activeCount() + 64];
            int n = group.enumerate(threads, true);
            int workers = 0;
            int all = 0;
            for (int i = 0; i < n; i++) {
                String name = threads[i].getName();
                if (name.matches("handshake-\\d+")) {
                    workers++;
                }
                if (name.startsWith("handshake-") && !name.startsWith("handshake-tool")) {
                    all++;
                }
            }
            return new ServerThreads(workers, all);
        }
    }

    /** A good client's handshake: it must succeed, with the server's verdict line; returns how long it took. */
    Duration goodHandshake() {
        long start = System.nanoTime();
        HandshakeResult r = new TlsClient(
                        clientSide, TlsVersion.ANY, Clock.systemUTC(), "localhost", Duration.ofSeconds(10))
                .connect(server.port(), s -> {});
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(r.succeeded(), "a good client failed: " + r.cause());
        assertNull(r.note(), "the server's verdict line came");
        return took;
    }

    Socket connectHostile() throws IOException {
        Socket s = new Socket();
        hostile.add(s);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
        return s;
    }

    /** Runs {@code body} on a daemon helper thread, stopped in teardown. */
    void helper(String name, ThrowingRunnable body) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (Exception ignored) {
                        // the server closed the connection: what a hostile peer expects
                    }
                },
                name);
        t.setDaemon(true);
        helpers.add(t);
        t.start();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Waits until the server closes {@code s} (end of stream or reset); returns how long that took from now. */
    static Duration awaitClosedByServer(Socket s, Duration within) throws IOException {
        long start = System.nanoTime();
        s.setSoTimeout((int) within.toMillis());
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[4096];
        long end = start + within.toNanos();
        try {
            while (in.read(buffer) >= 0) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("the server still sends on a hostile connection after " + within);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close a hostile connection within " + within);
        } catch (IOException e) {
            // reset by the server: closed as well
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Reads until at least one byte of the server's answer came (its ServerHello). */
    static void awaitServerAnswer(Socket s) throws IOException {
        s.setSoTimeout((int) TIMEOUT.toMillis());
        assertTrue(s.getInputStream().read() >= 0, "the server answered the ClientHello");
    }

    // ---- the hostile peers

    enum Peer {
        PLAIN_TEXT_GARBAGE,
        HTTP_REQUEST,
        TRUNCATED_CLIENT_HELLO,
        RANDOM_BYTES_AFTER_CLIENT_HELLO,
        SILENT,
        STOPS_MID_HANDSHAKE,
        SLOW_DRIP,
        RESET_MID_HANDSHAKE,
        TWO_HUNDRED_SILENT,
        TWO_HUNDRED_TINY_RECORDS,
        TWO_HUNDRED_STALLED_CLIENT_HELLOS
    }

    /** A whole TLS handshake record of one byte: what a client that stalls at once may send. */
    static final byte[] TINY_RECORD = {0x16, 0x03, 0x01, 0x00, 0x01, 0x01};

    /** Starts the misbehaviour; returns the connections that the server must close by itself. */
    List<Socket> attack(Peer peer) throws Exception {
        switch (peer) {
            case PLAIN_TEXT_GARBAGE -> {
                Socket s = connectHostile();
                s.getOutputStream()
                        .write("Hello? This is not TLS at all.\r\n\u0000\u00ff garbage garbage\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
                return List.of(s);
            }
            case HTTP_REQUEST -> {
                Socket s = connectHostile();
                s.getOutputStream()
                        .write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                return List.of(s);
            }
            case TRUNCATED_CLIENT_HELLO -> {
                Socket s = connectHostile();
                s.getOutputStream().write(clientHello, 0, clientHello.length / 2);
                return List.of(s);
            }
            case RANDOM_BYTES_AFTER_CLIENT_HELLO -> {
                Socket s = connectHostile();
                byte[] noise = new byte[4096];
                new Random(5).nextBytes(noise);
                OutputStream out = s.getOutputStream();
                out.write(clientHello);
                out.write(noise);
                out.flush();
                return List.of(s);
            }
            case SILENT -> {
                return List.of(connectHostile());
            }
            case STOPS_MID_HANDSHAKE -> {
                Socket s = connectHostile();
                s.getOutputStream().write(clientHello);
                awaitServerAnswer(s);
                return List.of(s); // and never sends its certificate or Finished
            }
            case SLOW_DRIP -> {
                Socket s = connectHostile();
                helper("slow drip", () -> {
                    OutputStream out = s.getOutputStream();
                    for (byte b : clientHello) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(200);
                    }
                });
                return List.of(s);
            }
            case RESET_MID_HANDSHAKE -> {
                Socket s = connectHostile();
                s.getOutputStream().write(clientHello);
                awaitServerAnswer(s);
                s.setSoLinger(true, 0);
                s.close();
                return List.of();
            }
            case TWO_HUNDRED_SILENT -> {
                List<Socket> all = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    all.add(connectHostile());
                }
                return all;
            }
            case TWO_HUNDRED_TINY_RECORDS -> {
                List<Socket> all = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Socket s = connectHostile();
                    s.getOutputStream().write(TINY_RECORD);
                    all.add(s);
                }
                return all;
            }
            case TWO_HUNDRED_STALLED_CLIENT_HELLOS -> {
                List<Socket> all = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Socket s = connectHostile();
                    s.getOutputStream().write(clientHello);
                    all.add(s);
                }
                for (Socket s : all) {
                    awaitServerAnswer(s); // each is in its handshake before the good client comes
                }
                return all;
            }
            default -> throw new IllegalArgumentException(peer.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Peer.class)
    void goodClientIsServedDuringAndAfterAHostilePeer(Peer peer) throws Exception {
        server = new RunningServer();
        goodHandshake(); // warms up JSSE in this JVM
        Duration baseline = goodHandshake();

        List<Socket> open = attack(peer);
        Duration during = goodHandshake();
        List<Duration> cut = new ArrayList<>();
        for (Socket s : open) {
            cut.add(awaitClosedByServer(s, CUT_OFF));
        }
        server.awaitIdle(CUT_OFF);
        Duration after = goodHandshake();
        server.awaitIdle(CUT_OFF); // the server reports a handshake after its linger, a moment after the client

        long heapGrowth = usedHeapAfterGc() - heapAtStart;
        System.out.printf(
                "%s: baseline %d ms, during %d ms, after %d ms; hostile connections closed within %d ms; "
                        + "at most %d handshake workers, %d handshake-* threads; heap growth %d KiB%n",
                peer,
                baseline.toMillis(),
                during.toMillis(),
                after.toMillis(),
                cut.stream().mapToLong(Duration::toMillis).max().orElse(0),
                server.maxWorkers,
                server.maxServerThreads,
                heapGrowth >> 10);
        assertTrue(
                during.compareTo(baseline.plus(SLACK)) <= 0,
                "good client during the attack took " + during + ", baseline " + baseline);
        assertTrue(
                after.compareTo(baseline.plus(SLACK)) <= 0,
                "good client after the attack took " + after + ", baseline " + baseline);
        assertTrue(server.maxWorkers <= server.tls.workers(), "handshake workers: " + server.maxWorkers);
        assertTrue(server.maxServerThreads <= server.tls.workers(), "handshake-* threads: " + server.maxServerThreads);
        assertTrue(heapGrowth < HEAP_GROWTH_LIMIT, "used heap grew by " + (heapGrowth >> 20) + " MiB");
        long succeeded =
                server.results.stream().filter(HandshakeResult::succeeded).count();
        assertEquals(4, succeeded, "only the good clients succeeded: " + causes(server.results));
        assertEquals(server.connected.get(), server.results.size(), "every connection was reported finished");
    }

    @Test
    void floodPastTheWaitingCapClosesTheLongestWaitingAndAGoodClientIsServed() throws Exception {
        server = new RunningServer(1);
        int cap = server.tls.maxWaiting();
        goodHandshake();
        Duration baseline = goodHandshake();

        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < cap + 44; i++) {
            flood.add(connectHostile());
        }
        Duration during = goodHandshake();
        for (Socket s : flood.subList(0, 44)) {
            awaitClosedByServer(s, Duration.ofSeconds(1));
        }
        server.awaitIdle(CUT_OFF);

        System.out.printf(
                "%d silent connections against a cap of %d: baseline %d ms, during %d ms; "
                        + "at most %d handshake workers%n",
                flood.size(), cap, baseline.toMillis(), during.toMillis(), server.maxWorkers);
        assertTrue(
                during.compareTo(baseline.plus(SLACK)) <= 0, "good client took " + during + ", baseline " + baseline);
        // the 44 oldest, and one more when the good client's connection came in
        long evicted = server.results.stream()
                .filter(r -> r.cause().startsWith("closed to make room"))
                .count();
        assertEquals(flood.size() + 1 - cap, evicted, "connections closed to make room");
        assertTrue(server.maxWorkers <= 1, "handshake workers: " + server.maxWorkers);
    }

    @Test
    void aFullServerRefusesANewClientAsBusyWithAnAlertNotABareClose() throws Exception {
        server = new RunningServer(1, Duration.ofSeconds(40)); // no staller reaches its deadline during the test
        int cap = server.tls.maxHandshakes();
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            Socket s = connectHostile();
            s.getOutputStream().write(clientHello);
            stalled.add(s);
        }
        for (Socket s : stalled) {
            awaitServerAnswer(s);
        }

        HandshakeResult refused = new TlsClient(
                        clientSide, TlsVersion.ANY, Clock.systemUTC(), "localhost", Duration.ofSeconds(10))
                .connect(server.port(), s -> {});

        assertEquals(HandshakeResult.Verdict.FAILED, refused.verdict(), refused.cause());
        assertEquals(
                "server busy: it refused the connection before its handshake began (it sent the alert "
                        + "internal_error, as a full handshake-tool serve does)",
                refused.cause());
        for (Socket s : stalled) {
            s.close();
        }
        server.awaitIdle(CUT_OFF);
        assertTrue(
                server.results.stream().anyMatch(r -> r.cause().startsWith("server busy: " + cap + " handshakes")),
                causes(server.results));
        goodHandshake();
    }

    @Test
    void serveReportsEachHostileConnectionAsFailedAndKeepsServing() throws Exception {
        Path keys = root.resolve("keys");
        ToolRun.Result o;
        try (Cli.Running serve = Cli.start(
                "serve",
                "--ca-certificate",
                keys.resolve("ca_cert.pem").toString(),
                "--certificate",
                keys.resolve("server_cert.pem").toString(),
                "--private-key",
                keys.resolve("server_key.pem").toString(),
                "-p",
                "0",
                "--count",
                "4",
                "--timeout",
                "2")) {
            int port = serve.port();
            try (Socket garbage = new Socket(InetAddress.getLoopbackAddress(), port);
                    Socket http = new Socket(InetAddress.getLoopbackAddress(), port);
                    Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
                garbage.getOutputStream().write("not TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                http.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Cli.run(
                                "connect",
                                "--ca-certificate",
                                keys.resolve("ca_cert.pem").toString(),
                                "--certificate",
                                keys.resolve("client_cert.pem").toString(),
                                "--private-key",
                                keys.resolve("client_key.pem").toString(),
                                "--server",
                                "localhost",
                                "-p",
                                String.valueOf(port))
                        .assertExit(ExitCodes.OK);
                awaitClosedByServer(silent, Duration.ofSeconds(5));
                o = serve.await();
            }
        }

        o.assertExit(ExitCodes.NETWORK);
        assertEquals(
                "Served 4 connections: 1 succeeded, 3 failed",
                o.outLines().get(o.outLines().size() - 1),
                o.out());
        assertEquals(
                3,
                o.errLines().stream()
                        .filter(l -> l.startsWith("SSL handshake failed: "))
                        .count(),
                o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    static String causes(List<HandshakeResult> results) {
        synchronized (results) {
            return results.stream().map(HandshakeResult::cause).toList().toString();
        }
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
