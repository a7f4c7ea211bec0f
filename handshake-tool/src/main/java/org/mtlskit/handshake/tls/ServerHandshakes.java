package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The server's handshakes in progress ({@link ServerHandshake}), all driven by the server's selector
 * thread, and the small pool ("handshake-N") that runs their engines' delegated tasks. Everything
 * here but the pool's work runs on the selector thread.
 */
final class ServerHandshakes {
    private final TlsSetup setup;
    private final Duration timeout;
    private final int max;
    private final Selector selector;
    private final BiConsumer<InetSocketAddress, HandshakeResult> finished;
    private final ThreadPoolExecutor workers;
    /** Handshakes whose tasks the pool has run, for the selector thread to take up again. */
    private final Queue<ServerHandshake> tasksDone = new ConcurrentLinkedQueue<>();

    private final Set<ServerHandshake> held = new HashSet<>();

    ServerHandshakes(
            TlsSetup setup,
            Duration timeout,
            int max,
            int workerCount,
            Selector selector,
            BiConsumer<InetSocketAddress, HandshakeResult> finished) {
        this.setup = setup;
        this.timeout = timeout;
        this.max = max;
        this.selector = selector;
        this.finished = finished;
        AtomicInteger ids = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(
                workerCount, workerCount, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "handshake-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /**
     * A connection with its whole ClientHello gets its engine, driven from now on by the selector
     * (it takes over the connection's selection key); when the server holds as many handshakes as
     * it may, the client is told with a fatal alert, never by a bare close.
     */
    void start(Waiting w) {
        if (held.size() >= max) {
            w.key.cancel();
            try {
                w.channel.write(Alerts.plaintextRecord(Alerts.INTERNAL_ERROR));
                w.channel.shutdownOutput();
            } catch (IOException ignored) {
                // the client is gone; its result says why it was not served
            }
            try {
                w.channel.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
            finished.accept(
                    w.from,
                    HandshakeResult.failed("server busy: " + max + " handshakes in progress, the most "
                            + "this server holds; refused with the alert internal_error"));
            return;
        }
        SSLEngine engine = setup.engine(false, w.from.getHostString(), w.from.getPort());
        EngineLink link = new EngineLink(w.channel, engine);
        link.feed(w.record());
        ServerHandshake h = new ServerHandshake(w.channel, w.from, link, setup.verifier, timeout, host);
        h.key = w.key;
        w.key.attach(h);
        held.add(h);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            h.abort("the handshake could not start: " + e.getMessage());
            return;
        }
        h.advance();
    }

    /** Takes up the handshakes whose tasks are done. */
    void resumeAfterTasks() {
        ServerHandshake ready;
        while ((ready = tasksDone.poll()) != null) {
            if (held.contains(ready)) {
                ready.tasksDone();
            }
        }
    }

    /** Ends the phase of every handshake whose deadline has passed. */
    void expire() {
        long now = System.nanoTime();
        for (ServerHandshake h : List.copyOf(held)) {
            if (h.deadline - now <= 0) {
                h.expire();
            }
        }
    }

    /** The server stops: every handshake ends now, and the pool with them. */
    void abortAll() {
        for (ServerHandshake h : List.copyOf(held)) {
            h.abort("the server stopped during the client's handshake");
        }
        workers.shutdownNow();
    }

    private final ServerHandshake.Host host = new ServerHandshake.Host() {
        @Override
        public void runTask(ServerHandshake h) {
            try {
                workers.execute(() -> {
                    try {
                        h.link.runTasks();
                    } finally {
                        tasksDone.add(h);
                        selector.wakeup();
                    }
                });
            } catch (RejectedExecutionException e) {
                h.abort("the server stopped during the client's handshake");
            }
        }

        @Override
        public void done(ServerHandshake h) {
            if (held.remove(h)) {
                finished.accept(h.from, h.result);
            }
        }
    };
}
