package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mtlskit.pki.internal.jsse.PeerVerifier;
import org.mtlskit.pki.internal.verify.VerificationFailure;

/**
 * One client's handshake on the server, as a state machine the server's selector thread drives:
 * it holds no thread while it waits for the client. The engine's delegated tasks (signing,
 * verifying the client's chain) run on the server's small pool, after which the selector takes
 * the connection up again. After the handshake (good or not) the server says its last word (the
 * verdict line and close_notify, or its alert), stops sending and reads what the client still
 * sends for at most {@link Linger#MAX_MILLIS} ms, so that the last word reaches the client.
 */
final class ServerHandshake {
    enum Phase {
        HANDSHAKE,
        TASK,
        CLOSING,
        LINGER,
        DONE
    }

    /** What the server does for a handshake: run its tasks, report its end. */
    interface Host {
        void runTask(ServerHandshake h);

        void done(ServerHandshake h);
    }

    final InetSocketAddress from;
    final EngineLink link;
    private final SocketChannel channel;
    private final Host host;
    private final PeerVerifier verifier;
    private final Duration timeout;
    SelectionKey key;
    Phase phase = Phase.HANDSHAKE;
    /** System.nanoTime() by which the current phase must end. */
    long deadline;
    /** Set once the outcome is known; the connection may still be closing. */
    HandshakeResult result;

    private final ByteBuffer scratch = ByteBuffer.allocate(512);

    ServerHandshake(
            SocketChannel channel,
            InetSocketAddress from,
            EngineLink link,
            PeerVerifier verifier,
            Duration timeout,
            Host host) {
        this.channel = channel;
        this.from = from;
        this.link = link;
        this.verifier = verifier;
        this.timeout = timeout;
        this.host = host;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** Goes as far as it can without waiting; on the selector thread only. */
    void advance() {
        switch (phase) {
            case HANDSHAKE -> handshake();
            case CLOSING -> closing();
            case LINGER -> linger();
            default -> {}
        }
    }

    /** The pool ran the engine's tasks: go on. */
    void tasksDone() {
        phase = Phase.HANDSHAKE;
        if (System.nanoTime() - deadline > 0) {
            timedOut();
        } else {
            handshake();
        }
    }

    /** The deadline of the current phase passed; on the selector thread only. */
    void expire() {
        switch (phase) {
            case HANDSHAKE -> timedOut();
            case CLOSING, LINGER -> finish();
            default -> {
                // a task is running: it ends soon, and tasksDone() sees the deadline
            }
        }
    }

    /** The server stops: the connection ends now. */
    void abort(String cause) {
        if (result == null) {
            result = HandshakeResult.failed(cause);
        }
        finish();
    }

    private void handshake() {
        while (true) {
            EngineLink.Step step;
            try {
                step = link.handshake();
            } catch (IOException | RuntimeException e) {
                failed(e);
                return;
            }
            switch (step) {
                case TASK -> {
                    phase = Phase.TASK;
                    interest(0);
                    host.runTask(this);
                    return;
                }
                case WRITE -> {
                    try {
                        if (!link.flush()) {
                            interest(SelectionKey.OP_WRITE);
                            return;
                        }
                    } catch (IOException e) {
                        broken(e);
                        return;
                    }
                }
                case READ -> {
                    if (link.inputEnded()) {
                        IOException why = link.readError();
                        broken(why != null ? why : new java.io.EOFException("the client closed the connection"));
                        return;
                    }
                    if (!link.read()) {
                        interest(SelectionKey.OP_READ);
                        return;
                    }
                }
                case DONE -> {
                    succeeded();
                    return;
                }
            }
        }
    }

    private void succeeded() {
        verifier.takeRefusal(link.engine);
        try {
            link.send(ByteBuffer.wrap((TlsServer.VERDICT_LINE + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            failed(e);
            return;
        }
        result = HandshakeResult.success(link.engine.getSession(), null);
        link.closeOutbound();
        startClosing();
    }

    /** The engine failed: our refusal or the client's alert. Our alert goes out, then the linger. */
    private void failed(Exception e) {
        Set<VerificationFailure> ours = verifier.takeRefusal(link.engine);
        result = HandshakeResult.fromException(e, ours, "client", timeout, link.peerAnswered());
        link.sendAlert();
        startClosing();
    }

    /** The connection broke (a failed write, a reset, an end of stream): what the client sent before is read for its alert. */
    private void broken(IOException e) {
        verifier.takeRefusal(link.engine);
        String alert = link.peerAlert();
        result = alert != null
                ? HandshakeResult.alertDuringHandshake("client", alert, link.peerAnswered())
                : HandshakeResult.fromException(e, Set.of(), "client", timeout, link.peerAnswered());
        finish();
    }

    private void timedOut() {
        verifier.takeRefusal(link.engine);
        result = HandshakeResult.failed("timed out after " + HandshakeResult.seconds(timeout)
                + " waiting for the client to complete the handshake");
        finish();
    }

    private void startClosing() {
        phase = Phase.CLOSING;
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Linger.MAX_MILLIS);
        closing();
    }

    private void closing() {
        try {
            if (!link.flush()) {
                interest(SelectionKey.OP_WRITE);
                return;
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            finish();
            return;
        }
        phase = Phase.LINGER;
        linger();
    }

    private void linger() {
        try {
            while (true) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n < 0) {
                    finish();
                    return;
                }
                if (n == 0) {
                    interest(SelectionKey.OP_READ);
                    return;
                }
            }
        } catch (IOException e) {
            finish();
        }
    }

    private void interest(int ops) {
        if (key.isValid()) {
            key.interestOps(ops);
        }
    }

    private void finish() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        host.done(this);
    }
}
