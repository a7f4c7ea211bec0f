package org.mtlskit.junit5;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.mtlskit.pki.TlsContexts;
import org.mtlskit.pki.internal.jsse.OwnKeyManager;
import org.mtlskit.pki.internal.jsse.PeerVerifier;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.opentest4j.AssertionFailedError;

/**
 * A mutual-TLS server on 127.0.0.1 at a free port: it requires a client certificate, judges it with
 * the library's verifier, sends an accepted client the line {@value #VERDICT_LINE} (as handshake-tool
 * serve does) and records how each connection ended ({@link Connection}). {@link MtlsExtension}
 * starts it before a test and closes it after; {@link #start} serves a test that wants its own.
 */
public final class MtlsTestServer implements AutoCloseable {
    /** The line an accepted client is sent, as handshake-tool serve sends it. */
    public static final String VERDICT_LINE = "OK";

    /**
     * How long a handshake may take before the connection is recorded as failed (no verdict). Long,
     * because a busy CI machine can be slow; it only ends a wait, it never accepts or refuses.
     */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /** How long {@link #awaitConnection} waits for a connection to end; also a bound on a wait, never a verdict. */
    static final Duration AWAIT = Duration.ofSeconds(60);

    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");

    private final SSLServerSocket socket;
    private final PeerVerifier verifier;
    private final BlockingQueue<Connection> unread = new LinkedBlockingQueue<>();
    private final List<Connection> all = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private MtlsTestServer(SSLServerSocket socket, PeerVerifier verifier) {
        this.socket = socket;
        this.verifier = verifier;
    }

    /**
     * Starts a server presenting {@code chain} (leaf first, sent as it is) with {@code key}, accepting
     * clients whose certificates {@code trusted} issued.
     */
    public static MtlsTestServer start(List<X509Certificate> chain, PrivateKey key, X509Certificate trusted) {
        PeerVerifier verifier = new PeerVerifier(List.of(trusted), List.of(), null, Clock.systemUTC());
        SSLContext context = TlsContexts.of(new OwnKeyManager(chain, key), verifier);
        try {
            SSLServerSocket socket = (SSLServerSocket)
                    context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            socket.setNeedClientAuth(true);
            MtlsTestServer server = new MtlsTestServer(socket, verifier);
            server.spawn("mtls-test-server-accept", server::acceptAll);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on the loopback address: " + e.getMessage(), e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The loopback address and port to connect to. */
    public InetSocketAddress address() {
        return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    /** Every connection that has ended so far, in the order they ended. */
    public List<Connection> connections() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /**
     * The next connection to end that this method has not returned yet; waits for it at most
     * {@link #AWAIT}, then fails the test saying no connection ended (which is no verdict).
     */
    public Connection awaitConnection() {
        try {
            Connection c = unread.poll(AWAIT.toSeconds(), TimeUnit.SECONDS);
            if (c == null) {
                throw new AssertionFailedError(
                        "no connection to the mTLS test server ended within " + AWAIT.toSeconds() + " s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting for a connection");
        }
    }

    /** Awaits the next connection and fails the test, saying how it ended, unless both sides accepted. */
    public Connection assertAccepted() {
        return expect(Connection.Verdict.ACCEPTED, "the client to be accepted");
    }

    /** Awaits the next connection and fails the test, saying how it ended, unless this server refused the client. */
    public Connection assertRefused() {
        return expect(Connection.Verdict.REFUSED, "the server to refuse the client");
    }

    /** Awaits the next connection and fails the test, saying how it ended, unless the client refused this server. */
    public Connection assertPeerRefused() {
        return expect(Connection.Verdict.PEER_REFUSED, "the client to refuse the server");
    }

    private Connection expect(Connection.Verdict verdict, String what) {
        Connection c = awaitConnection();
        if (c.verdict() != verdict) {
            throw new AssertionFailedError(
                    "expected " + what + ", but the connection ended: " + c.line(), verdict, c.verdict());
        }
        return c;
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) socket.accept();
                spawn("mtls-test-server-connection", () -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SSLSocket client) {
        Connection c;
        try (client) {
            client.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            client.startHandshake();
            OutputStream out = client.getOutputStream();
            out.write((VERDICT_LINE + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            c = new Connection(Connection.Verdict.ACCEPTED, List.of(), null, "handshake complete");
        } catch (IOException e) {
            c = ended(client, e);
        }
        synchronized (all) {
            all.add(c);
        }
        unread.add(c);
    }

    /** Reads a failed handshake: our refusal (the verifier's reasons), the client's alert, or no verdict. */
    private Connection ended(Socket client, IOException e) {
        Set<VerificationFailure> refusal = verifier.takeRefusal(client);
        if (!refusal.isEmpty()) {
            return new Connection(
                    Connection.Verdict.REFUSED,
                    refusal.stream().sorted().map(VerificationFailure::words).toList(),
                    null,
                    "we refused the client's certificate");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            Matcher alert = ALERT.matcher(message);
            if (alert.find()) {
                return new Connection(
                        Connection.Verdict.PEER_REFUSED,
                        List.of(),
                        alert.group(1),
                        "the client refused us (it sent the alert " + alert.group(1) + ")");
            }
            if (message.contains("Empty client certificate chain")) {
                return new Connection(
                        Connection.Verdict.REFUSED,
                        List.of(VerificationFailure.MISSING.words()),
                        null,
                        "the client sent no certificate");
            }
            if (t instanceof SocketTimeoutException) {
                return new Connection(
                        Connection.Verdict.FAILED,
                        List.of(),
                        null,
                        "timed out after " + HANDSHAKE_TIMEOUT.toSeconds() + " s waiting for the client");
            }
        }
        return new Connection(Connection.Verdict.FAILED, List.of(), null, String.valueOf(e.getMessage()));
    }

    private void spawn(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
    }

    /** Stops accepting and waits (bounded) for the connections in progress to end. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a listening socket: nothing to do about a failure
        }
        List<Thread> running;
        synchronized (threads) {
            running = List.copyOf(threads);
        }
        for (Thread t : running) {
            try {
                t.join(HANDSHAKE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
