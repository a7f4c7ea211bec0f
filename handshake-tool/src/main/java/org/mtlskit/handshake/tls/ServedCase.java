package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import org.mtlskit.tls.OwnKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * One connection of audit client: we are the server, present exactly the given chain (whatever it
 * breaks), ask no certificate of the client, and record what the client did with ours, as seen on
 * our side of the wire.
 *
 * <p>Our handshake completes only when the client's Finished arrives, and a client that checks
 * during the handshake sends it only after it has accepted our certificate (TLS 1.2: before our
 * Finished; TLS 1.3: after it). An alert before it is a refusal. After its Finished we wait,
 * bounded, without sending anything: data is acceptance; a close or an alert without data is a late
 * refusal (a client that reads the verification result after the handshake and gives up); silence
 * until the bound is acceptance (a client that holds the connection open has accepted it).
 */
public final class ServedCase {

    /** The detail that starts an outcome on a TLS version the client does not speak. */
    public static final String NOT_OFFERED = "no TLS version in common";

    public enum Verdict { ACCEPTED, REFUSED, REFUSED_LATE, CLOSED, NOT_OFFERED }

    /** What the client did: the verdict, its alert (or null), and what was observed, in words. */
    public record Seen(Verdict verdict, String alert, String detail) {
    }

    /** How long we look, after a close_notify, for the clean close or the reset that tells what it was. */
    private static final Duration CLOSE_LOOK = Duration.ofMillis(1500);


    private final SSLContext context;
    private final TlsVersion version;

    public ServedCase(List<X509Certificate> chain, PrivateKey key, TlsVersion version) {
        this.version = version;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new OwnKeyManager(chain, key)}, null,
                    new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS", e);
        }
    }

    /**
     * Serves one accepted connection; never throws for what the client does.
     *
     * @param handshakeBound how long the client has to send its Finished
     * @param wait           how long we wait after it for data, a close or an alert
     * @param greeting       what we send after its Finished, as the demo's server sends its line; empty for nothing
     */
    public Seen serve(Socket raw, Duration handshakeBound, Duration wait, byte[] greeting) throws IOException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(false);
        engine.setWantClientAuth(false);
        engine.setEnabledProtocols(version.protocols());
        engine.beginHandshake();
        return new Wire(raw, engine).serve(handshakeBound, wait, greeting);
    }

    /**
     * The engine driven by hand over a blocking socket, so that we see every byte the client sent:
     * the record its Finished came in, and an alert a JDK cannot read (a TLS 1.3 client that alerts
     * in plaintext after our encrypted flight, JDK-8331682) or that arrived just before a reset.
     */
    private static final class Wire {
        private final Socket socket;
        private final SSLEngine engine;
        private ByteBuffer netIn;
        private final ByteBuffer netOut;
        private ByteBuffer appIn;
        private boolean finished;

        Wire(Socket socket, SSLEngine engine) {
            this.socket = socket;
            this.engine = engine;
            int packet = engine.getSession().getPacketBufferSize();
            netIn = ByteBuffer.allocate(packet);
            netOut = ByteBuffer.allocate(packet);
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }

        Seen serve(Duration handshakeBound, Duration wait, byte[] greeting) throws IOException {
            long deadline = System.nanoTime() + handshakeBound.toNanos();
            try {
                while (!finished) {
                    HandshakeStatus status = engine.getHandshakeStatus();
                    switch (status) {
                        case NEED_TASK -> {
                            Runnable task;
                            while ((task = engine.getDelegatedTask()) != null) {
                                task.run();
                            }
                        }
                        case NEED_WRAP -> {
                            netOut.clear();
                            SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), netOut);
                            note(r);
                            send();
                        }
                        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                            if (!unwrapOne()) {
                                Seen ended = readMore(deadline, handshakeBound, false);
                                if (ended != null) {
                                    return ended;
                                }
                            }
                        }
                        default -> finished = true;
                    }
                }
            } catch (SSLException e) {
                return refusedIn(e);
            }
            flushQuietly();
            if (greeting.length > 0) {
                netOut.clear();
                engine.wrap(ByteBuffer.wrap(greeting), netOut);
                send();
            }
            long waitUntil = System.nanoTime() + wait.toNanos();
            try {
                while (true) {
                    if (appIn.position() > 0) {
                        return new Seen(Verdict.ACCEPTED, null, "handshake complete; it sent data after its Finished");
                    }
                    if (engine.isInboundDone()) {
                        return greeting.length > 0 ? afterCloseNotify()
                                : new Seen(Verdict.REFUSED_LATE, "close_notify",
                                        "close_notify after its Finished without sending data");
                    }
                    if (!unwrapOne()) {
                        Seen ended = readMore(waitUntil, wait, true);
                        if (ended != null) {
                            return ended;
                        }
                    }
                }
            } catch (SSLException e) {
                String alert = alertOf(e);
                return new Seen(Verdict.REFUSED_LATE, alert, alert == null
                        ? "closed after its Finished (" + e.getMessage() + ")"
                        : "alert " + alert + " after its Finished without sending data");
            }
        }

        /**
         * A close_notify after our greeting: a client that read the greeting ends the connection
         * with a clean close (FIN), the orderly end of a session it accepted; one that gives up
         * without reading it leaves our greeting unread, and its kernel answers with a reset.
         */
        private Seen afterCloseNotify() {
            try {
                socket.setSoTimeout((int) CLOSE_LOOK.toMillis());
                byte[] buffer = new byte[4096];
                while (socket.getInputStream().read(buffer) >= 0) {
                    // anything after close_notify is ignored; we wait for the end of its stream
                }
                return new Seen(Verdict.ACCEPTED, null, "handshake complete; it read our greeting, then ended the "
                        + "session in order (close_notify and a clean close)");
            } catch (SocketTimeoutException e) {
                return new Seen(Verdict.REFUSED_LATE, "close_notify", "close_notify after its Finished without sending "
                        + "data, and its connection still open");
            } catch (IOException e) {
                return new Seen(Verdict.REFUSED_LATE, "close_notify", "close_notify after its Finished without sending "
                        + "data, then a reset: it did not read our greeting (" + e.getMessage() + ")");
            }
        }

        private void note(SSLEngineResult r) {
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                finished = true;
            }
        }

        /** Writes what the engine wrapped; a client that left keeps its alert readable, so a failed write is not the end. */
        private void send() {
            netOut.flip();
            try {
                socket.getOutputStream().write(netOut.array(), 0, netOut.limit());
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // the client is gone or going; what it sent before is still read and told
            }
            netOut.clear();
        }

        private void flushQuietly() {
            while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                netOut.clear();
                try {
                    engine.wrap(ByteBuffer.allocate(0), netOut);
                } catch (SSLException e) {
                    return;
                }
                send();
            }
        }

        /** Unwraps one whole record from netIn; false when there is none yet. */
        private boolean unwrapOne() throws SSLException {
            netIn.flip();
            try {
                if (!netIn.hasRemaining()) {
                    return false;
                }
                int plain = Alerts.plaintextAlert(netIn);
                if (plain >= 0) {
                    throw new PlaintextAlert(plain);
                }
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                note(r);
                switch (r.getStatus()) {
                    case BUFFER_UNDERFLOW:
                        if (netIn.limit() == netIn.capacity()) {
                            ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
                            bigger.put(netIn);
                            netIn = bigger;
                            return false;
                        }
                        return false;
                    case BUFFER_OVERFLOW:
                        ByteBuffer bigger = ByteBuffer.allocate(appIn.capacity() * 2);
                        appIn.flip();
                        bigger.put(appIn);
                        appIn = bigger;
                        return true;
                    default:
                        return true;
                }
            } finally {
                netIn.compact();
            }
        }

        /**
         * Reads more from the client, bounded; null when bytes came, else what the end of its input
         * or the bound means.
         */
        private Seen readMore(long until, Duration bound, boolean afterFinished) throws IOException {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return timedOut(bound, afterFinished);
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            byte[] buffer = new byte[4096];
            int n;
            try {
                n = socket.getInputStream().read(buffer);
            } catch (SocketTimeoutException e) {
                return timedOut(bound, afterFinished);
            } catch (IOException e) {
                return ended("(" + e.getMessage() + ")", afterFinished);
            }
            if (n < 0) {
                return ended("without a close_notify", afterFinished);
            }
            if (netIn.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() + n + 4096);
                netIn.flip();
                bigger.put(netIn);
                netIn = bigger;
            }
            netIn.put(buffer, 0, n);
            return null;
        }

        private Seen timedOut(Duration bound, boolean afterFinished) {
            return afterFinished
                    ? new Seen(Verdict.ACCEPTED, null, "handshake complete; it kept the connection open, silent, for "
                            + HandshakeResult.seconds(bound))
                    : new Seen(Verdict.CLOSED, null, "no Finished from the client within " + HandshakeResult.seconds(bound)
                            + " (it neither accepted nor refused)");
        }

        private Seen ended(String how, boolean afterFinished) {
            return afterFinished
                    ? new Seen(Verdict.REFUSED_LATE, null, "closed after its Finished without sending data " + how)
                    : new Seen(Verdict.CLOSED, null, "closed the connection before its Finished without an alert " + how);
        }

        private Seen refusedIn(SSLException e) {
            String alert = alertOf(e);
            if (finished) {
                return new Seen(Verdict.REFUSED_LATE, alert, alert == null ? "closed after its Finished"
                        : "alert " + alert + " after its Finished without sending data");
            }
            if (alert != null) {
                return alert.equals("protocol_version")
                        ? new Seen(Verdict.NOT_OFFERED, alert, NOT_OFFERED + ": it sent protocol_version")
                        : new Seen(Verdict.REFUSED, alert, "alert " + alert + " before its Finished");
            }
            String m = String.valueOf(e.getMessage());
            if (m.contains("protocol") && (m.contains("not enabled") || m.contains("No appropriate"))) {
                return new Seen(Verdict.NOT_OFFERED, null, NOT_OFFERED + ": " + m);
            }
            return new Seen(Verdict.CLOSED, null, "the handshake failed before its Finished without an alert (" + m + ")");
        }

        private static String alertOf(SSLException e) {
            return e instanceof PlaintextAlert p ? p.name : alertIn(e);
        }
    }

    /** A client's alert record in plaintext where the JDK expects an encrypted one. */
    private static final class PlaintextAlert extends SSLException {
        final String name;

        PlaintextAlert(int code) {
            super("plaintext alert " + code);
            this.name = Alerts.name(code);
        }
    }

    static String alertIn(Throwable e) {
        return EngineLink.alertIn(e);
    }
}
