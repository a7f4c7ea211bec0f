package org.mtlskit.handshake.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A mutual-TLS server: requires a client certificate and verifies it against its CA. Clients are
 * served concurrently by a bounded pool; every phase of a connection has a hard deadline; a failed
 * handshake never stops the server. After a client is accepted the server sends the verdict line
 * {@value #VERDICT_LINE}, so that a TLS 1.3 client, whose handshake ends before the server has judged it,
 * can tell it was accepted.
 *
 * <p>A port that anything can reach gets silent clients, plain text, HTTP, half a ClientHello, one byte
 * every few hundred milliseconds, hundreds of idle connections. So a connection costs a thread only
 * once it has sent a whole first TLS record, its ClientHello:
 * <ol>
 * <li>The thread that calls {@link #serve} accepts connections and, with a NIO {@link Selector}, reads
 * each one's first record: a 5-byte header that must say "handshake, TLS 3.x, 1 to
 * {@value #MAX_FIRST_RECORD} bytes", then that many bytes. A waiting connection costs a socket and at
 * most one record buffer (18 KiB), no thread, and is closed {@code handshakeTimeout} after it was
 * accepted. At most {@link #maxWaiting()} wait at once ({@value #WAITING_PER_WORKER} per handshake
 * thread, at least {@value #MIN_WAITING}); one more closes the one that has waited longest, so a flood
 * of idle connections cannot lock out a client that sends its ClientHello at once. A connection whose
 * first bytes are not a TLS handshake record (plain text, HTTP) is closed at once, and its result says
 * what it sent.</li>
 * <li>A connection with its ClientHello goes to a pool of at most {@code maxConcurrent} handshake threads
 * ("handshake-N"), past which up to 4 &times; maxConcurrent wait in a queue and more are refused
 * ("server busy"). JSSE goes on from the bytes already read. A scheduler thread ("handshake-deadlines")
 * closes the socket of a handshake still running {@code handshakeTimeout} after its thread took it, so
 * a client that stalls after its ClientHello or drips its next bytes is cut off too. After a failed
 * handshake the thread reads what the client still sends for at most {@link Linger#MAX_MILLIS} ms, so
 * that our alert reaches it.</li>
 * </ol>
 * Whatever peers do, the server runs maxConcurrent + 1 threads of its own besides the one in
 * {@link #serve}; a handshake thread serves one connection for at most handshakeTimeout + 1 s; memory
 * holds at most maxWaiting record buffers and 5 &times; maxConcurrent handshakes. What still costs a
 * thread is a client that sends a valid ClientHello and then stalls: maxConcurrent of them hold every
 * handshake thread until their deadline, delaying others by up to handshakeTimeout (measured: 2.6 s
 * with a 3 s timeout), and a steady stream of them keeps others queued or refused. Lifting that would
 * take a non-blocking SSLEngine server; for a test server this design is the simple robust one.
 *
 * <p>HostilePeersTest measures the rest: with 200 silent connections open (or garbage, HTTP, truncated,
 * dripped or reset handshakes) a good client's handshake takes as long as without them, tens of
 * milliseconds, with at most a few handshake threads alive and under 1 MiB more heap. The former
 * design, one pool thread per accepted connection, refused that client as "server busy": the silent
 * connections held all 32 threads and the queue for their whole timeout.
 */
public final class TlsServer implements AutoCloseable {

    /** The line the server sends once it has accepted the client's certificate. */
    public static final String VERDICT_LINE = "OK";

    /**
     * The longest first record taken: 2^14 bytes of plaintext (RFC 8446, section 5.1) and the 2048
     * that RFC 5246 allows on top; a ClientHello is a few hundred bytes.
     */
    public static final int MAX_FIRST_RECORD = (1 << 14) + 2048;

    /** Connections allowed to wait for their first record, per handshake thread. */
    public static final int WAITING_PER_WORKER = 16;

    /** The fewest connections allowed to wait for their first record, whatever maxConcurrent. */
    public static final int MIN_WAITING = 256;

    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE_CONTENT_TYPE = 22;
    /** Connections taken from the backlog per turn of the selector loop, so that reads keep their turn. */
    private static final int ACCEPTS_PER_TURN = 64;

    /** Hears about each connection: {@code connected} from the thread in {@link #serve}, {@code finished} from it or a handshake thread. */
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
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService deadlines;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Connections waiting for their first record, oldest (so soonest deadline) first; the serve thread's only. */
    private final Set<Waiting> waiting = new LinkedHashSet<>();
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private boolean serving;

    /**
     * Binds at once, so a port in use is reported before anything else happens.
     *
     * @param port 0 picks a free port; see {@link #port()}
     */
    public TlsServer(Credentials credentials, TlsVersion version, Clock clock, Duration handshakeTimeout,
                     int maxConcurrent, InetAddress bind, int port) throws IOException {
        this.setup = new TlsSetup(credentials, version, null, clock);
        this.handshakeTimeout = handshakeTimeout;
        this.maxConcurrent = maxConcurrent;
        this.maxWaiting = Math.max(MIN_WAITING, maxConcurrent * WAITING_PER_WORKER);
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
        AtomicInteger ids = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 10, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(maxConcurrent * 4), r -> {
                    Thread t = new Thread(r, "handshake-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "handshake-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    public int port() {
        return address.getPort();
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The most handshakes served at once; more clients wait in a bounded queue, past which they are refused. */
    public int maxConcurrent() {
        return maxConcurrent;
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
        SelectionKey accepting = listening.keyFor(selector);
        int accepted = 0;
        try {
            while (!closed) {
                boolean more = count == 0 || accepted < count;
                if (!more && waiting.isEmpty()) {
                    break;
                }
                if (!more && accepting.isValid()) {
                    accepting.interestOps(0);
                }
                if (selector.selectedKeys().isEmpty()) {
                    selector.select(waiting.isEmpty() ? 0 : Math.max(1,
                            TimeUnit.NANOSECONDS.toMillis(waiting.iterator().next().deadline - System.nanoTime()) + 1));
                } else {
                    selector.selectNow();
                }
                List<Waiting> complete = new ArrayList<>();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accepted += acceptSome(count == 0 ? ACCEPTS_PER_TURN : Math.min(ACCEPTS_PER_TURN, count - accepted),
                                listener);
                    } else if (key.isReadable() && readFirstRecord((Waiting) key.attachment(), listener)) {
                        complete.add((Waiting) key.attachment());
                    }
                }
                if (!complete.isEmpty()) {
                    selector.selectNow(); // deregisters their cancelled keys, so their channels may block again
                    for (Waiting w : complete) {
                        handOver(w, listener);
                    }
                }
                expire(listener);
            }
        } finally {
            for (Waiting w : List.copyOf(waiting)) {
                fail(w, "the server stopped before the client's handshake", listener);
            }
            workers.shutdown();
            try {
                workers.awaitTermination(handshakeTimeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (lifecycle) {
                serving = false;
                if (closed) {
                    shutDown();
                }
            }
        }
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
                if (!waiting.isEmpty()) {
                    fail(waiting.iterator().next(), "closed to make room: the server cannot accept more connections ("
                            + e.getMessage() + ")", listener);
                } else {
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
            waiting.add(w);
            if (waiting.size() > maxWaiting) {
                fail(waiting.iterator().next(), "closed to make room: " + maxWaiting + " connections were waiting "
                        + "for their ClientHello, the most this server keeps, and this one had waited longest", listener);
            }
        }
        return n;
    }

    /** Reads what arrived of a connection's first record; true once it is whole (the connection then leaves the selector). */
    private boolean readFirstRecord(Waiting w, Listener listener) {
        try {
            if (w.record == null) {
                if (w.channel.read(w.header) < 0) {
                    fail(w, "the client closed the connection during the handshake", listener);
                    return false;
                }
                if (w.header.hasRemaining()) {
                    return false;
                }
                byte[] h = w.header.array();
                int length = ((h[3] & 0xff) << 8) | (h[4] & 0xff);
                if ((h[0] & 0xff) != HANDSHAKE_CONTENT_TYPE || h[1] != 3) {
                    fail(w, "the client does not speak TLS: its first bytes are \"" + printable(h)
                            + "\", not a TLS handshake record", listener);
                    return false;
                }
                if (length == 0 || length > MAX_FIRST_RECORD) {
                    fail(w, "the client's first TLS record is " + length + " bytes long; a ClientHello record holds 1 to "
                            + MAX_FIRST_RECORD, listener);
                    return false;
                }
                w.record = ByteBuffer.allocate(RECORD_HEADER + length).put(h);
            }
            if (w.channel.read(w.record) < 0) {
                fail(w, "the client closed the connection during the handshake", listener);
                return false;
            }
            if (w.record.hasRemaining()) {
                return false;
            }
            waiting.remove(w);
            w.key.cancel();
            return true;
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            fail(w, message.contains("reset") ? "the client reset the connection during the handshake"
                    : "the connection broke during the handshake: " + message, listener);
            return false;
        }
    }

    /** Closes the waiting connections whose deadline has passed: all at the head, since all wait as long. */
    private void expire(Listener listener) {
        long now = System.nanoTime();
        while (!waiting.isEmpty()) {
            Waiting w = waiting.iterator().next();
            if (w.deadline - now > 0) {
                return;
            }
            int got = w.record == null ? w.header.position() : w.record.position();
            fail(w, "timed out after " + HandshakeResult.seconds(handshakeTimeout) + " waiting for the client's "
                    + "ClientHello (" + (got == 0 ? "it sent nothing" : "it sent " + got + " bytes of "
                    + (w.record == null ? "a record header" : w.record.capacity() + "")) + ")", listener);
        }
    }

    private void fail(Waiting w, String cause, Listener listener) {
        waiting.remove(w);
        if (w.key != null) {
            w.key.cancel();
        }
        closeQuietly(w.channel);
        finished(listener, w.from, HandshakeResult.failed(cause));
    }

    /** Gives a connection with its whole ClientHello to a handshake thread. */
    private void handOver(Waiting w, Listener listener) {
        Socket raw = w.channel.socket();
        try {
            w.channel.configureBlocking(true);
        } catch (IOException e) {
            closeQuietly(w.channel);
            finished(listener, w.from, HandshakeResult.failed("the connection broke during the handshake: " + e.getMessage()));
            return;
        }
        byte[] first = w.record.array();
        try {
            workers.execute(() -> handle(raw, w.from, first, listener));
        } catch (RejectedExecutionException e) {
            closeQuietly(raw);
            finished(listener, w.from, HandshakeResult.failed(closed ? "the server stopped before the client's handshake"
                    : "server busy: " + maxConcurrent + " handshakes running and the queue is full; connection closed"));
        }
    }

    private void handle(Socket raw, InetSocketAddress from, byte[] first, Listener listener) {
        ScheduledFuture<?> deadline;
        try {
            // The hard deadline: a client that stalls or drips one byte at a time is cut off too.
            deadline = deadlines.schedule(() -> closeQuietly(raw), handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closeQuietly(raw);
            finished(listener, from, HandshakeResult.failed("the server stopped before the client's handshake"));
            return;
        }
        HandshakeResult result;
        SSLSocket tls = null;
        try {
            raw.setSoTimeout((int) handshakeTimeout.toMillis());
            tls = (SSLSocket) ((SSLSocketFactory) setup.context.getSocketFactory())
                    .createSocket(raw, new ByteArrayInputStream(first), false);
            tls.setUseClientMode(false);
            tls.setNeedClientAuth(true);
            tls.setEnabledProtocols(setup.version.protocols());
            tls.startHandshake();
            deadline.cancel(false);
            OutputStream out = tls.getOutputStream();
            out.write((VERDICT_LINE + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            result = HandshakeResult.success(tls.getSession(), null);
            Linger.closeNotify(tls);
        } catch (IOException | RuntimeException e) {
            boolean timedOut = deadline.isDone() && !deadline.isCancelled();
            result = timedOut ? HandshakeResult.failed(timedOut())
                    : HandshakeResult.fromException(transportError(e), tls == null ? Set.of() : setup.verifier.takeRefusal(tls),
                            "client", handshakeTimeout);
        } finally {
            deadline.cancel(false);
            if (tls != null) {
                setup.verifier.takeRefusal(tls);
            }
            Linger.close(raw);
        }
        finished(listener, from, result);
    }

    /**
     * The I/O error under JSSE's wrapper. On a channel's socket a broken connection is an IOException
     * ("Broken pipe"), not a SocketException as on a plain socket, and JSSE wraps it in
     * SSLException("readHandshakeRecord"); unwrapped, it reads as it did on a plain socket.
     */
    private static Exception transportError(Exception e) {
        if (e instanceof SSLException && e.getCause() instanceof IOException cause && !(cause instanceof SSLException)) {
            return cause;
        }
        return e;
    }

    private String timedOut() {
        return "timed out after " + HandshakeResult.seconds(handshakeTimeout)
                + " waiting for the client to complete the handshake";
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

    /** The first bytes a client sent, as text: printable ASCII kept, anything else shown as '.'. */
    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(b >= 0x20 && b < 0x7f && b != '"' ? (char) b : '.');
        }
        return s.toString();
    }

    /** Connections accepted and not yet finished: waiting for their ClientHello, queued, or in their handshake. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Stops accepting; handshakes in progress end by their deadline. */
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
        workers.shutdown();
        deadlines.shutdownNow();
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

    /** A connection waiting for its first record. */
    private static final class Waiting {
        final SocketChannel channel;
        final InetSocketAddress from;
        /** System.nanoTime() at which the connection is closed unless its ClientHello came. */
        final long deadline;
        final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
        ByteBuffer record;
        SelectionKey key;

        Waiting(SocketChannel channel, InetSocketAddress from, long deadline) {
            this.channel = channel;
            this.from = from;
            this.deadline = deadline;
        }
    }
}
