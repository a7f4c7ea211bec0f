package org.mtlskit.handshake.tls;

/**
 * How a connection ends so that the last thing we sent (an alert, the verdict line, close_notify)
 * reaches the peer. Closing with unread bytes makes the kernel send a reset, which can destroy our
 * alert in the peer's buffer before it is read (a peer that stops at its failed write never sees
 * it). So both sides stop sending, read and drop what the peer still sends for at most
 * {@link #MAX_MILLIS} ms, then close: {@link ClientLink#close()} and {@link ServerHandshake}.
 */
final class Linger {
    private Linger() {}

    /** The longest wait for the peer to close after our last word, in ms. */
    static final long MAX_MILLIS = 1000;
}
