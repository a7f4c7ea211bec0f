package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The connections a {@link TlsServer} has accepted that have not yet sent their whole first record,
 * oldest (so soonest deadline) first; the serve thread's only. Bounded: one more than it keeps closes
 * the one that has waited longest, so a flood of idle connections cannot lock out a client that sends
 * its ClientHello at once. Every connection closed here is reported, with why, to {@code finished}.
 */
final class WaitingRoom {
    private final Set<Waiting> waiting = new LinkedHashSet<>();
    private final int capacity;
    private final Duration handshakeTimeout;
    private final BiConsumer<InetSocketAddress, HandshakeResult> finished;

    WaitingRoom(int capacity, Duration handshakeTimeout, BiConsumer<InetSocketAddress, HandshakeResult> finished) {
        this.capacity = capacity;
        this.handshakeTimeout = handshakeTimeout;
        this.finished = finished;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Milliseconds (at least 1) until the oldest connection's deadline; 0 when none waits. */
    long millisToNextDeadline() {
        if (waiting.isEmpty()) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(waiting.iterator().next().deadline - System.nanoTime()) + 1);
    }

    /** Takes a newly accepted connection; closes the oldest when that makes one too many. */
    void admit(Waiting w) {
        waiting.add(w);
        if (waiting.size() > capacity) {
            fail(
                    waiting.iterator().next(),
                    "closed to make room: " + capacity + " connections were waiting "
                            + "for their ClientHello, the most this server keeps, and this one had waited longest");
        }
    }

    /** Closes the connection that has waited longest, for {@code cause}; false when none waits. */
    boolean evictOldest(String cause) {
        if (waiting.isEmpty()) {
            return false;
        }
        fail(waiting.iterator().next(), cause);
        return true;
    }

    /**
     * Reads what arrived of a connection's first record; true once it is whole: the connection has then
     * left the room and its key goes to its handshake.
     */
    boolean readFirstRecord(Waiting w) {
        String failure = w.read();
        if (failure != null) {
            fail(w, failure);
            return false;
        }
        if (w.record() == null) {
            return false;
        }
        waiting.remove(w);
        return true;
    }

    /** Closes the connections whose deadline has passed: all at the head, since all wait as long. */
    void expire() {
        long now = System.nanoTime();
        while (!waiting.isEmpty()) {
            Waiting w = waiting.iterator().next();
            if (w.deadline - now > 0) {
                return;
            }
            fail(w, w.timedOut(handshakeTimeout));
        }
    }

    /** Closes every connection still waiting, for {@code cause}. */
    void closeAll(String cause) {
        for (Waiting w : List.copyOf(waiting)) {
            fail(w, cause);
        }
    }

    private void fail(Waiting w, String cause) {
        waiting.remove(w);
        if (w.key != null) {
            w.key.cancel();
        }
        try {
            w.channel.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        finished.accept(w.from, HandshakeResult.failed(cause));
    }
}
