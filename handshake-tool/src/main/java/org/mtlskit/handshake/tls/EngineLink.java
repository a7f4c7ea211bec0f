package org.mtlskit.handshake.tls;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * One TLS connection driven by hand: an {@link SSLEngine} over a non-blocking {@link SocketChannel},
 * with the bytes in both directions in our own buffers. Nothing here blocks; {@link ClientLink}
 * waits for it on the client side, the server's selector on the other.
 *
 * <p>Why by hand: a peer that refuses us may send its alert and close at once, with our last flight
 * unread in its buffer; its kernel then answers with a reset and our next write fails. JSSE's
 * SSLSocket stops at that failed write. The alert, though, arrived before the reset and is still
 * readable (Linux keeps received bytes after a reset), so {@link #peerAlert()} reads and decodes
 * what the peer sent before telling a broken connection.
 */
final class EngineLink {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private static final Pattern RECEIVED_ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    private static final Pattern PLAINTEXT_ALERT = Pattern.compile("Unexpected plaintext alert received: (\\w+)");

    final SocketChannel channel;
    final SSLEngine engine;
    /** Bytes from the peer not yet unwrapped (write mode). */
    private ByteBuffer netIn;
    /** Bytes for the peer not yet written (read mode). */
    private ByteBuffer netOut;
    /** Application data unwrapped and not yet taken (write mode). */
    private ByteBuffer appIn;
    /** The peer ended its side (end of stream, or an error such as a reset, in {@link #readError}). */
    private boolean inputEnded;

    private IOException readError;
    /** The peer's close_notify arrived. */
    private boolean closedByPeer;
    /** Records of the peer that the engine took: none (client) or only the ClientHello (server) means it never answered. */
    private int peerRecords;

    /** Steps of a handshake that need something outside the engine. */
    enum Step {
        READ,
        WRITE,
        TASK,
        DONE
    }

    EngineLink(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /** Bytes the peer sent that were read before this link existed (the server's first record). */
    void feed(ByteBuffer bytes) {
        netIn = room(netIn, bytes.remaining());
        netIn.put(bytes);
    }

    /**
     * Takes the handshake as far as it goes without I/O: wraps all the engine has to send, unwraps
     * what the peer sent.
     *
     * @throws SSLException the handshake failed: our refusal or the peer's alert (see {@link #sendAlert})
     * @throws EOFException the peer sent close_notify during the handshake
     */
    Step handshake() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK:
                    return Step.TASK;
                case NEED_WRAP:
                    wrap(NOTHING);
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    if (netOut.hasRemaining()) {
                        return Step.WRITE;
                    }
                    if (!unwrap()) {
                        if (closedByPeer) {
                            throw new EOFException("the peer sent close_notify during the handshake");
                        }
                        return Step.READ;
                    }
                    break;
                default:
                    if (closedByPeer) {
                        throw new EOFException("the peer sent close_notify during the handshake");
                    }
                    return netOut.hasRemaining() ? Step.WRITE : Step.DONE;
            }
        }
    }

    /** The engine's delegated tasks (signing, verifying), to run on some thread before {@link #handshake} goes on. */
    void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Wraps application data (all of it) for {@link #flush}. */
    void send(ByteBuffer data) throws SSLException {
        for (int i = 0; data.hasRemaining() && i < 64; i++) {
            wrap(data);
        }
    }

    /** Wraps our close_notify for {@link #flush}. */
    void closeOutbound() {
        engine.closeOutbound();
        sendAlert();
    }

    /** After the engine failed (or was closed): wraps what it still has to say, our alert. Best effort. */
    void sendAlert() {
        try {
            for (int i = 0;
                    i < 8 && !engine.isOutboundDone() && engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP;
                    i++) {
                wrap(NOTHING);
            }
        } catch (SSLException ignored) {
            // the engine has nothing it can still send
        }
    }

    /**
     * Reads what the socket holds now; false when that was nothing. An end of stream or an error
     * ends the input (it counts as progress, once).
     */
    boolean read() {
        if (inputEnded) {
            return false;
        }
        if (!netIn.hasRemaining()) {
            netIn = room(netIn, engine.getSession().getPacketBufferSize());
        }
        try {
            int n = channel.read(netIn);
            if (n < 0) {
                inputEnded = true;
                return true;
            }
            return n > 0;
        } catch (IOException e) {
            inputEnded = true;
            readError = e;
            return true;
        }
    }

    /** Writes what is waiting; true when all of it went out. @throws IOException the peer is gone */
    boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    boolean inputEnded() {
        return inputEnded;
    }

    /** Why the input ended, when it was an error rather than an end of stream; null otherwise. */
    IOException readError() {
        return readError;
    }

    boolean closedByPeer() {
        return closedByPeer;
    }

    /** Whether the peer had answered at all before things went wrong (beyond its ClientHello, on a server). */
    boolean peerAnswered() {
        return peerRecords > (engine.getUseClientMode() ? 0 : 1);
    }

    /**
     * Takes the application data unwrapped so far, unwrapping what the peer sent.
     *
     * @return false when nothing more can be unwrapped without reading
     * @throws SSLException the peer's alert
     */
    boolean unwrapData() throws SSLException {
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            wrap(NOTHING); // a reply to a post-handshake message or to close_notify; flushed later or dropped
        }
        return !closedByPeer && unwrap();
    }

    /** The application data unwrapped so far (read mode); the caller takes what it wants and then calls {@link #compactData}. */
    ByteBuffer data() {
        return appIn.flip();
    }

    void compactData() {
        appIn.compact();
    }

    /**
     * After the connection broke: reads what the peer sent before it went away (bytes that arrived
     * before a reset stay readable) and finds the alert among them.
     *
     * @return the alert's name, or null when the peer sent none
     */
    String peerAlert() {
        while (read()) {
            // take all that arrived before the end
        }
        try {
            // The engine unwraps nothing while it still has something to wrap: let it think it was sent.
            for (int i = 0; i < 16; i++) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runTasks();
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    wrap(NOTHING);
                    netOut.position(netOut.limit());
                } else {
                    break;
                }
            }
            for (int i = 0; i < 64; i++) {
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                int plain = plaintextAlertAhead();
                try {
                    if (!unwrap()) {
                        return plain >= 0 ? Alerts.name(plain) : null;
                    }
                } catch (SSLException e) {
                    String named = alertIn(e);
                    return named != null ? named : plain >= 0 ? Alerts.name(plain) : null;
                }
            }
        } catch (SSLException e) {
            String named = alertIn(e);
            if (named != null) {
                return named;
            }
        }
        int plain = plaintextAlertAhead();
        return plain >= 0 ? Alerts.name(plain) : null;
    }

    /** The alert the peer sent, as JSSE tells it in an exception, or null. */
    static String alertIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            Matcher m = RECEIVED_ALERT.matcher(message);
            if (m.find()) {
                return m.group(1);
            }
            Matcher plain = PLAINTEXT_ALERT.matcher(message);
            if (plain.find()) {
                return plain.group(1);
            }
        }
        return null;
    }

    private int plaintextAlertAhead() {
        netIn.flip();
        try {
            return Alerts.plaintextAlert(netIn);
        } finally {
            netIn.compact();
        }
    }

    private void wrap(ByteBuffer src) throws SSLException {
        netOut.compact();
        try {
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = room(netOut, engine.getSession().getPacketBufferSize());
            }
        } finally {
            netOut.flip();
        }
    }

    /** Unwraps one record; false when netIn holds no whole record (or the peer closed). */
    private boolean unwrap() throws SSLException {
        netIn.flip();
        int plaintextAlert = Alerts.plaintextAlert(netIn);
        try {
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } catch (SSLException e) {
                // A TLS 1.3 peer that refuses us before it uses its handshake keys sends its alert in
                // plaintext; JDK 17 tries to decrypt it and fails (JDK-8331682). The bytes say which alert.
                if (plaintextAlert >= 0 && alertIn(e) == null) {
                    throw new SSLException("Received fatal alert: " + Alerts.name(plaintextAlert), e);
                }
                throw e;
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW:
                    return false;
                case BUFFER_OVERFLOW:
                    appIn = room(appIn, engine.getSession().getApplicationBufferSize());
                    return true;
                case CLOSED:
                    closedByPeer = true;
                    return false;
                default:
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                        return false;
                    }
                    peerRecords++;
                    return true;
            }
        } finally {
            netIn.compact();
        }
    }

    /** A buffer in write mode with room for {@code more} bytes beyond what it holds. */
    private static ByteBuffer room(ByteBuffer buffer, int more) {
        if (buffer.remaining() >= more) {
            return buffer;
        }
        ByteBuffer bigger = ByteBuffer.allocate(buffer.position() + more);
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }
}
