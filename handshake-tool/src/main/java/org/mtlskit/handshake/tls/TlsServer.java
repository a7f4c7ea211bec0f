package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A mutual-TLS server: requires a client certificate and verifies it against its CA. Clients are
 * served concurrently by a bounded pool; each handshake has a hard deadline (a stalled or dripping
 * client is cut off); a failed handshake never stops the server. After a client is accepted the
 * server sends the verdict line {@value #VERDICT_LINE}, so that a TLS 1.3 client, whose handshake
 * ends before the server has judged it, can tell it was accepted.
 */
public final class TlsServer implements AutoCloseable {

    /** The line the server sends once it has accepted the client's certificate. */
    public static final String VERDICT_LINE = "OK";

    /** Hears about each connection; called from the connection's thread. */
    public interface Listener {
        void connected(InetSocketAddress client);

        void finished(InetSocketAddress client, HandshakeResult result);
    }

    private final TlsSetup setup;
    private final Duration handshakeTimeout;
    private final int maxConcurrent;
    private final ServerSocket listening;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService deadlines;
    private final AtomicInteger inFlight = new AtomicInteger();

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
        this.listening = new ServerSocket();
        try {
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(bind, port), 128);
        } catch (IOException e) {
            listening.close();
            throw e;
        }
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
        return listening.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listening.getLocalSocketAddress();
    }

    /** The most handshakes served at once; more clients wait in a bounded queue, past which they are refused. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /**
     * Accepts clients until {@code count} have connected (0: until {@link #close()}), then waits
     * for their handshakes to end.
     */
    public void serve(int count, Listener listener) throws IOException {
        int accepted = 0;
        while (count == 0 || accepted < count) {
            Socket client;
            try {
                client = listening.accept();
            } catch (SocketException e) {
                if (listening.isClosed()) {
                    break;
                }
                throw e;
            }
            accepted++;
            try {
                inFlight.incrementAndGet();
                workers.execute(() -> {
                    try {
                        handle(client, listener);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet();
                closeQuietly(client);
                listener.finished(remote(client), HandshakeResult.failed("server busy: "
                        + maxConcurrent + " handshakes running and the queue is full; connection closed"));
            }
        }
        workers.shutdown();
        try {
            workers.awaitTermination(handshakeTimeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(Socket raw, Listener listener) {
        InetSocketAddress from = remote(raw);
        listener.connected(from);
        // A hard deadline for the whole handshake: a client that drips one byte at a time is cut off too.
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(raw),
                handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        HandshakeResult result;
        SSLSocket tls = null;
        try {
            raw.setSoTimeout((int) handshakeTimeout.toMillis());
            raw.setTcpNoDelay(true);
            tls = (SSLSocket) ((SSLSocketFactory) setup.context.getSocketFactory())
                    .createSocket(raw, null, false);
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
            result = timedOut
                    ? HandshakeResult.failed("timed out after " + HandshakeResult.seconds(handshakeTimeout)
                            + " waiting for the client to complete the handshake")
                    : HandshakeResult.fromException(e, tls == null ? java.util.Set.of() : setup.verifier.takeRefusal(tls),
                            "client", handshakeTimeout);
        } finally {
            deadline.cancel(false);
            if (tls != null) {
                setup.verifier.takeRefusal(tls);
            }
            Linger.close(raw);
        }
        listener.finished(from, result);
    }

    private static InetSocketAddress remote(Socket s) {
        return (InetSocketAddress) s.getRemoteSocketAddress();
    }

    /** Handshakes accepted and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Stops accepting; handshakes in progress end by their deadline. */
    @Override
    public void close() {
        closeQuietly(listening);
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
}
