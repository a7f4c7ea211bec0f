package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.mtlskit.pki.internal.jsse.OwnKeyManager;

/**
 * One connection of audit client: we are the server, present exactly the given chain (whatever it
 * breaks), ask no certificate of the client, and record what the client did with ours, as seen on
 * our side of the wire.
 *
 * <p>Our handshake completes only when the client's Finished arrives, and a client that checks
 * during the handshake sends it only after it has accepted our certificate (TLS 1.2: before our
 * Finished; TLS 1.3: after it). An alert before it is a refusal; no Finished within the bound is no
 * answer ({@link Verdict#NO_ANSWER}), never a verdict. After its Finished we first wait briefly for
 * the client to speak (HTTP and most clients send first): data is acceptance, and an HTTP request
 * gets a minimal HTTP 200. Only a silent client gets the greeting (server-speaks-first protocols, the
 * demo). Then data is acceptance, an alert a late refusal, and a close_notify followed by a reset a
 * late refusal too (it gave up without reading our greeting: its kernel answered the unread bytes
 * with a reset). Another end without data (close_notify and a clean close after reading our
 * greeting, close_notify before it, a close) is {@link Verdict#ENDED}: what it means is decided by
 * the client's exit status or against the baseline's end (see ClientAudit), and silence until the
 * bound is {@link Verdict#SILENT}.
 */
public final class ServedCase {

    /** The detail that starts an outcome on a TLS version the client does not speak. */
    public static final String NOT_OFFERED = "no TLS version in common";

    public enum Verdict {
        ACCEPTED,
        REFUSED,
        REFUSED_LATE,
        CLOSED,
        NOT_OFFERED,
        /** No Finished within the bound: no answer. */
        NO_ANSWER,
        /** After its Finished and our greeting, it ended the connection without data: {@link Seen#end} says how. */
        ENDED,
        /** After its Finished and our greeting, it stayed silent with the connection open until the bound. */
        SILENT
    }

    /**
     * What the client did: the verdict, its alert (or null), what was observed, in words, and with
     * {@link Verdict#ENDED} or {@link Verdict#SILENT} how the connection ended, in words that are the same
     * for the same end (compared with the baseline's), else null.
     */
    public record Seen(Verdict verdict, String alert, String detail, String end) {
        Seen(Verdict verdict, String alert, String detail) {
            this(verdict, alert, detail, null);
        }
    }

    private static final java.util.regex.Pattern HTTP_REQUEST =
            java.util.regex.Pattern.compile("^[A-Z]{3,10} \\S+ HTTP/1\\.[01]\r?\n");

    /** How long we look, after a close_notify, for the clean close or the reset that tells what it was. */
    private static final Duration CLOSE_LOOK = Duration.ofMillis(1500);

    private final SSLContext context;
    private final TlsVersion version;

    public ServedCase(List<X509Certificate> chain, PrivateKey key, TlsVersion version) {
        this.version = version;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new OwnKeyManager(chain, key)}, null, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS", e);
        }
    }

    /**
     * Serves one accepted connection; never throws for what the client does.
     *
     * @param handshakeBound how long the client has to send its Finished
     * @param wait           how long we wait after it for data, a close or an alert
     * @param greeting       what we send after its Finished when it does not speak first, as the demo's server
     *                       sends its line; empty for nothing
     * @param speaksFirst    how long we wait after its Finished for it to speak first
     * @param httpAnswer     what we answer an HTTP request with
     */
    public Seen serve(
            Socket raw,
            Duration handshakeBound,
            Duration wait,
            byte[] greeting,
            Duration speaksFirst,
            byte[] httpAnswer)
            throws IOException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(false);
        engine.setWantClientAuth(false);
        engine.setEnabledProtocols(version.protocols());
        engine.beginHandshake();
        return new Wire(raw, engine, httpAnswer).serve(handshakeBound, wait, greeting, speaksFirst);
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
        private final byte[] httpAnswer;

        Wire(Socket socket, SSLEngine engine, byte[] httpAnswer) {
            this.socket = socket;
            this.httpAnswer = httpAnswer;
            this.engine = engine;
            int packet = engine.getSession().getPacketBufferSize();
            netIn = ByteBuffer.allocate(packet);
            netOut = ByteBuffer.allocate(packet);
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }

        Seen serve(Duration handshakeBound, Duration wait, byte[] greeting, Duration speaksFirst) throws IOException {
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
            try {
                Seen first = listen(System.nanoTime() + speaksFirst.toNanos(), speaksFirst, true);
                if (first != null) {
                    return first;
                }
                if (greeting.length > 0) {
                    netOut.clear();
                    engine.wrap(ByteBuffer.wrap(greeting), netOut);
                    send();
                }
                Seen after = listen(System.nanoTime() + wait.toNanos(), wait, false);
                return after != null
                        ? after
                        : new Seen(
                                Verdict.SILENT,
                                null,
                                "handshake complete; after our greeting " + "it kept the connection open, silent, for "
                                        + HandshakeResult.seconds(wait),
                                "silent, connection open");
            } catch (SSLException e) {
                String alert = alertOf(e);
                return new Seen(
                        Verdict.REFUSED_LATE,
                        alert,
                        alert == null
                                ? "closed after its Finished (" + e.getMessage() + ")"
                                : "alert " + alert + " after its Finished without sending data");
            }
        }

        /**
         * Reads what the client sends until {@code until}: null when it sent nothing and the bound
         * passed; else what its data (an HTTP request gets our answer), its close or its alert means.
         */
        private Seen listen(long until, Duration bound, boolean first) throws IOException {
            while (true) {
                if (appIn.position() > 0) {
                    String said = new String(
                            appIn.array(),
                            0,
                            Math.min(appIn.position(), 200),
                            java.nio.charset.StandardCharsets.ISO_8859_1);
                    if (first && HTTP_REQUEST.matcher(said).find()) {
                        netOut.clear();
                        engine.wrap(ByteBuffer.wrap(httpAnswer), netOut);
                        send();
                        return new Seen(
                                Verdict.ACCEPTED,
                                null,
                                "handshake complete; it sent an HTTP request (\""
                                        + printable(said.lines().findFirst().orElse("")) + "\"); we answered 200");
                    }
                    return new Seen(
                            Verdict.ACCEPTED,
                            null,
                            "handshake complete; it sent data after its Finished"
                                    + (first ? "" : " and our greeting") + " (\""
                                    + printable(said.lines().findFirst().orElse(""))
                                    + "\")");
                }
                if (engine.isInboundDone()) {
                    return afterCloseNotify(first);
                }
                if (!unwrapOne()) {
                    if (until - System.nanoTime() <= 0) {
                        return null;
                    }
                    Seen ended = readMore(until, bound, true);
                    if (ended != null) {
                        return ended.verdict() == Verdict.SILENT ? null : ended;
                    }
                }
            }
        }

        /**
         * A close_notify after our greeting: a client that read the greeting ends the connection
         * with a clean close (FIN), the orderly end of a session it accepted; one that gives up
         * without reading it leaves our greeting unread, and its kernel answers with a reset.
         */
        private Seen afterCloseNotify(boolean beforeGreeting) {
            String when = beforeGreeting
                    ? "close_notify right after its Finished, before our greeting"
                    : "close_notify after our greeting, without sending data";
            try {
                socket.setSoTimeout((int) CLOSE_LOOK.toMillis());
                byte[] buffer = new byte[4096];
                while (socket.getInputStream().read(buffer) >= 0) {
                    // anything after close_notify is ignored; we wait for the end of its stream
                }
                return new Seen(
                        Verdict.ENDED,
                        "close_notify",
                        "handshake complete; " + when + ", then a clean close",
                        when + ", then a clean close");
            } catch (SocketTimeoutException e) {
                return new Seen(
                        Verdict.ENDED,
                        "close_notify",
                        "handshake complete; " + when + ", its connection still open",
                        when + ", connection still open");
            } catch (IOException e) {
                if (!beforeGreeting) {
                    // not ambiguous: it gave up without reading our greeting, and its kernel answered with a reset
                    return new Seen(
                            Verdict.REFUSED_LATE,
                            "close_notify",
                            "close_notify after its Finished without "
                                    + "sending data, then a reset: it did not read our greeting (" + e.getMessage()
                                    + ")");
                }
                return new Seen(
                        Verdict.ENDED,
                        "close_notify",
                        "handshake complete; " + when + ", then a reset (it " + "did not read all we sent: "
                                + e.getMessage() + ")",
                        when + ", then a reset");
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
                    ? new Seen(
                            Verdict.SILENT,
                            null,
                            "handshake complete; it kept the connection open, silent, for "
                                    + HandshakeResult.seconds(bound),
                            "silent, connection open")
                    : new Seen(
                            Verdict.NO_ANSWER,
                            null,
                            "no answer (timed out after " + HandshakeResult.seconds(bound)
                                    + " waiting for the client's Finished)");
        }

        private Seen ended(String how, boolean afterFinished) {
            return afterFinished
                    ? new Seen(
                            Verdict.ENDED,
                            null,
                            "handshake complete; closed without sending data " + how,
                            "closed without data " + (how.startsWith("(") ? "(a reset)" : how))
                    : new Seen(
                            Verdict.CLOSED, null, "closed the connection before its Finished without an alert " + how);
        }

        private Seen refusedIn(SSLException e) {
            String alert = alertOf(e);
            if (finished) {
                return new Seen(
                        Verdict.REFUSED_LATE,
                        alert,
                        alert == null
                                ? "closed after its Finished"
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
            return new Seen(
                    Verdict.CLOSED, null, "the handshake failed before its Finished without an alert (" + m + ")");
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

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static String alertIn(Throwable e) {
        return EngineLink.alertIn(e);
    }
}
