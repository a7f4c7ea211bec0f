package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mutual-TLS server: requires a client certificate and verifies it against its CA. After a client
 * is accepted the server sends the verdict line {@value #VERDICT_LINE}, so that a TLS 1.3 client,
 * whose handshake ends before the server has judged it, can tell it was accepted.
 *
 * <p>A port that anything can reach gets silent clients, plain text, HTTP, half a ClientHello, one byte
 * every few hundred milliseconds, hundreds of clients that stall in the middle of their handshake. So
 * no connection holds a thread while it waits for its client:
 * <ol>
 * <li>The thread that calls {@link #serve} runs a NIO {@link Selector} over every connection. It first
 * reads each one's first record: a 5-byte header that must say "handshake, TLS 3.x, 1 to
 * {@value #MAX_FIRST_RECORD} bytes", then that many bytes. A connection whose first bytes are not a TLS
 * handshake record (plain text, HTTP) is closed at once, and its result says what it sent. At most
 * {@link #maxWaiting()} connections wait for their first record; one more closes the one that has
 * waited longest, so a flood of idle connections cannot lock out a client that sends its ClientHello
 * at once.</li>
 * <li>With its ClientHello a connection gets an SSLEngine ({@link ServerHandshake}), which the same
 * selector drives: a client that stalls, or drips its bytes, costs a socket and the engine's buffers,
 * no thread. At most {@link #maxHandshakes()} handshakes are held at once; past that a new client gets
 * the alert internal_error, which our client reports as "server busy", never a bare close. The CPU
 * work of a handshake (the engine's delegated tasks: signing, verifying the client's chain) runs on a
 * pool of at most {@link #workers()} threads ("handshake-N").</li>
 * </ol>
 * Every connection has a deadline: {@code handshakeTimeout} to send its first record, then
 * {@code handshakeTimeout} for its handshake, then {@link Linger#MAX_MILLIS} ms for the server's last
 * word to go out. After a failed write or a reset the server still reads what the client sent before,
 * and reports its alert.
 *
 * <p>HostilePeersTest checks this: with 200 silent connections, 200 that sent a tiny record, 200 that
 * stall after their ClientHello (or garbage, HTTP, truncated, dripped or reset handshakes) a good
 * client's handshake takes as long as without them, with at most {@link #workers()} handshake threads
 * and a bounded heap.
 */
public final class TlsServer implements AutoCloseable {

    /** The line the server sends once it has accepted the client's certificate. */
    public static final String VERDICT_LINE = "OK";

    /**
     * The longest first record taken: 2^14 bytes of plaintext (RFC 8446, section 5.1) and the 2048
     * that RFC 5246 allows on top; a ClientHello is a few hundred bytes.
     */
    public static final int MAX_FIRST_RECORD = (1 << 14) + 2048;

    /** Connections allowed to wait for their first record (and, as many, in their handshake), per --max-concurrent. */
    public static final int WAITING_PER_WORKER = 16;

    /** The fewest connections allowed to wait for their first record (and in their handshake), whatever maxConcurrent. */
    public static final int MIN_WAITING = 256;

    /** Connections taken from the backlog per turn of the selector loop, so that reads keep their turn. */
    private static final int ACCEPTS_PER_TURN = 64;
    /** How often the handshakes' deadlines are checked, in ms. */
    private static final long DEADLINE_TICK_MILLIS = 50;

    /** Hears about each connection, from the thread in {@link #serve}. */
    public interface Listener {
        void connected(InetSocketAddress client);

        void finished(InetSocketAddress client, HandshakeResult result);
    }

    private final TlsSetup setup;
    private final Duration handshakeTimeout;
    private final int maxConcurrent;
    private final int maxWaiting;
    private final ServerSocketChannel listening;
    private final InetSocketAddress address;
    private final Selector selector;
    private final int maxHandshakes;
    private final int workerCount;
    /** Handshakes in progress or closing; the serve thread's only. */
    private final ServerHandshakes handshakes;

    private Listener listener;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Connections waiting for their first record; the serve thread's only. */
    private final WaitingRoom waiting;

    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private boolean serving;

    /**
     * Binds at once, so a port in use is reported before anything else happens.
     *
     * @param port 0 picks a free port; see {@link #port()}
     */
    public TlsServer(
            HandshakeFiles credentials,
            TlsVersion version,
            Clock clock,
            Duration handshakeTimeout,
            int maxConcurrent,
            InetAddress bind,
            int port)
            throws IOException {
        this(credentials, version, clock, handshakeTimeout, maxConcurrent, bind, port, null);
    }

    /**
     * @param cipherSuites the suites to offer (JSSE names), or null for {@link TlsSetup#modernSuites()}:
     *                     TLS 1.3's, and for TLS 1.2 ECDHE with AEAD only
     * @throws IllegalArgumentException a cipher suite this JDK does not know
     */
    public TlsServer(
            HandshakeFiles credentials,
            TlsVersion version,
            Clock clock,
            Duration handshakeTimeout,
            int maxConcurrent,
            InetAddress bind,
            int port,
            List<String> cipherSuites)
            throws IOException {
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT) {
            throw new IllegalArgumentException(
                    "maxConcurrent out of range 1 to " + MAX_CONCURRENT + ": " + maxConcurrent);
        }
        this.setup = new TlsSetup(
                credentials, version, null, clock, cipherSuites == null ? TlsSetup.modernSuites() : cipherSuites);
        this.handshakeTimeout = handshakeTimeout;
        this.maxConcurrent = maxConcurrent;
        this.maxWaiting = Math.max(MIN_WAITING, maxConcurrent * WAITING_PER_WORKER);
        this.maxHandshakes = maxWaiting;
        this.workerCount =
                Math.min(maxConcurrent, Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
        ServerSocketChannel channel = ServerSocketChannel.open();
        Selector sel = null;
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(bind, port), 128);
            channel.configureBlocking(false);
            sel = Selector.open();
            channel.register(sel, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            closeQuietly(sel);
            channel.close();
            throw e;
        }
        this.listening = channel;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.selector = sel;
        this.handshakes = new ServerHandshakes(
                setup,
                handshakeTimeout,
                maxHandshakes,
                workerCount,
                sel,
                (from, result) -> finished(listener, from, result));
        this.waiting =
                new WaitingRoom(maxWaiting, handshakeTimeout, (from, result) -> finished(listener, from, result));
    }

    public int port() {
        return address.getPort();
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The largest --max-concurrent: 16 times as many connections may wait, and as many be in their handshake. */
    public static final int MAX_CONCURRENT = 1024;

    /** The number the server was sized by: see {@link #maxWaiting()}, {@link #maxHandshakes()}, {@link #workers()}. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** The most handshakes held at once (each after its ClientHello); one more client is refused as "server busy". */
    public int maxHandshakes() {
        return maxHandshakes;
    }

    /** The most threads doing handshakes' CPU work at once: maxConcurrent, but no more than 2 per processor. */
    public int workers() {
        return workerCount;
    }

    /** The most connections kept waiting for their ClientHello; one more closes the oldest. */
    public int maxWaiting() {
        return maxWaiting;
    }

    /**
     * Accepts clients until {@code count} have connected (0: until {@link #close()}), then waits
     * for their handshakes to end.
     */
    public void serve(int count, Listener listener) throws IOException {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            serving = true;
        }
        this.listener = listener;
        SelectionKey accepting = listening.keyFor(selector);
        int accepted = 0;
        long nextTick = System.nanoTime();
        try {
            while (!closed) {
                boolean more = count == 0 || accepted < count;
                if (!more && waiting.isEmpty() && handshakes.isEmpty()) {
                    break;
                }
                if (!more && accepting.isValid()) {
                    accepting.interestOps(0);
                }
                selector.select(selectTimeout());
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accepted += acceptSome(
                                count == 0 ? ACCEPTS_PER_TURN : Math.min(ACCEPTS_PER_TURN, count - accepted), listener);
                    } else if (key.attachment() instanceof ServerHandshake h) {
                        h.advance();
                    } else if (waiting.readFirstRecord((Waiting) key.attachment())) {
                        handshakes.start((Waiting) key.attachment());
                    }
                }
                handshakes.resumeAfterTasks();
                waiting.expire();
                if (System.nanoTime() - nextTick >= 0) {
                    nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_TICK_MILLIS);
                    handshakes.expire();
                }
            }
        } finally {
            waiting.closeAll("the server stopped before the client's handshake");
            handshakes.abortAll();
            synchronized (lifecycle) {
                serving = false;
                if (closed) {
                    shutDown();
                }
            }
        }
    }

    /** Until the next deadline of a waiting connection, or the next check of the handshakes' deadlines; 0 for none. */
    private long selectTimeout() {
        long wait = waiting.millisToNextDeadline();
        if (!handshakes.isEmpty()) {
            wait = wait == 0 ? DEADLINE_TICK_MILLIS : Math.min(wait, DEADLINE_TICK_MILLIS);
        }
        return wait;
    }

    /** Takes up to {@code limit} connections from the backlog; returns how many. */
    private int acceptSome(int limit, Listener listener) {
        int n = 0;
        while (n < limit) {
            SocketChannel channel;
            try {
                channel = listening.accept();
            } catch (ClosedChannelException e) {
                return n;
            } catch (IOException e) {
                // Out of file descriptors, most likely. Free one by closing the connection that has waited
                // longest or, when none waits, give running handshakes a moment to end rather than spin.
                if (!waiting.evictOldest(
                        "closed to make room: the server cannot accept more connections (" + e.getMessage() + ")")) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                return n;
            }
            if (channel == null) {
                return n;
            }
            n++;
            inFlight.incrementAndGet();
            InetSocketAddress from = remote(channel.socket());
            listener.connected(from);
            Waiting w = new Waiting(channel, from, System.nanoTime() + handshakeTimeout.toNanos());
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                w.key = channel.register(selector, SelectionKey.OP_READ, w);
            } catch (IOException e) {
                closeQuietly(channel);
                finished(listener, from, HandshakeResult.failed("the connection broke at once: " + e.getMessage()));
                continue;
            }
            waiting.admit(w);
        }
        return n;
    }

    private void finished(Listener listener, InetSocketAddress from, HandshakeResult result) {
        try {
            listener.finished(from, result);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static InetSocketAddress remote(Socket s) {
        return (InetSocketAddress) s.getRemoteSocketAddress();
    }

    /** Connections accepted and not yet finished: waiting for their ClientHello, queued, or in their handshake. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Stops accepting; {@link #serve} ends the connections it holds and returns. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listening);
        synchronized (lifecycle) {
            if (serving) {
                selector.wakeup(); // serve() ends its loop and shuts down
            } else {
                shutDown();
            }
        }
    }

    private void shutDown() {
        closeQuietly(selector);
        handshakes.abortAll();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }
}
