package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.mtlskit.pki.VerificationFailure;

/**
 * A mutual-TLS client: verifies the server's chain against its CA and the server's SAN against
 * the name it connected to, presents its own certificate, and reports success only once the
 * server has confirmed it accepted the client (see {@link TlsServer#VERDICT_LINE}). The handshake
 * runs on an SSLEngine ({@link ClientLink}), so a server that sends its alert and resets the
 * connection at once is still heard.
 */
public final class TlsClient {
    private final TlsSetup setup;
    private final String server;
    private final Duration timeout;

    /**
     * @param server the host to connect to, and the name the server certificate's SAN must match
     */
    public TlsClient(Credentials credentials, TlsVersion version, Clock clock, String server, Duration timeout) {
        this.setup = new TlsSetup(credentials, version, server, clock, null);
        this.server = server;
        this.timeout = timeout;
    }

    /** Connects, handshakes and waits for the server's verdict; never throws for network trouble. */
    public HandshakeResult connect(int port, Consumer<String> steps) {
        steps.accept("Connecting to server...");
        ClientLink link;
        try {
            link = ClientLink.open(setup.context, setup.version, server, server, port, timeout.toMillis());
        } catch (UnknownHostException e) {
            return HandshakeResult.failed("cannot resolve " + server);
        } catch (SocketTimeoutException e) {
            return HandshakeResult.failed("timed out after " + HandshakeResult.seconds(timeout) + " connecting to "
                    + server + " port " + port);
        } catch (IOException e) {
            return HandshakeResult.failed("cannot connect to " + server + " port " + port + ": "
                    + (e instanceof ConnectException ? "connection refused" : e.getMessage()));
        }
        try (link) {
            steps.accept("Starting handshake...");
            try {
                link.handshake(System.nanoTime() + timeout.toNanos());
            } catch (IOException | RuntimeException e) {
                Set<VerificationFailure> ours = setup.verifier.takeRefusal(link.engine());
                link.sendAlert();
                return HandshakeResult.fromException(e, ours, "server", timeout, link.link.peerAnswered());
            }
            HandshakeResult result = awaitVerdict(link);
            if (result.succeeded()) {
                link.closeNotify();
            } else {
                link.sendAlert();
            }
            return result;
        } finally {
            setup.verifier.takeRefusal(link.engine());
        }
    }

    /**
     * For an audit of any server: connects and handshakes as {@link #connect} does, then, instead of
     * waiting for our own server's verdict line, sends {@code probe} and waits up to {@code wait} for
     * the server's answer, alert or close. Never throws for network trouble.
     */
    public ProbeResult probe(int port, byte[] probe, Duration wait) {
        ClientLink link;
        try {
            link = ClientLink.open(setup.context, setup.version, server, server, port, timeout.toMillis());
        } catch (IOException e) {
            return new ProbeResult(HandshakeResult.failed("cannot connect to " + server + " port " + port + ": "
                    + (e instanceof ConnectException ? "connection refused" : e.getMessage())), null, null, null, false);
        }
        try (link) {
            try {
                link.handshake(System.nanoTime() + timeout.toNanos());
            } catch (IOException | RuntimeException e) {
                Set<VerificationFailure> ours = setup.verifier.takeRefusal(link.engine());
                link.sendAlert();
                return new ProbeResult(HandshakeResult.fromException(e, ours, "server", timeout,
                        link.link.peerAnswered()), null, null, null, false);
            }
            HandshakeResult done = HandshakeResult.success(link.engine().getSession(), null);
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                link.write(probe, deadline);
                String answer = link.readAny(deadline);
                if (answer == null) {
                    return new ProbeResult(done, ProbeResult.After.CLOSED, null, null, ticketSeen());
                }
                link.closeNotify();
                return new ProbeResult(done, ProbeResult.After.ANSWERED, null,
                        printable(answer.lines().findFirst().orElse("")), ticketSeen());
            } catch (SocketTimeoutException e) {
                link.closeNotify();
                return new ProbeResult(done, ProbeResult.After.OPEN, null, null, ticketSeen());
            } catch (IOException | RuntimeException e) {
                String alert = e instanceof SSLException ? EngineLink.alertIn(e) : null;
                return new ProbeResult(done, alert != null ? ProbeResult.After.ALERT : ProbeResult.After.CLOSED, alert,
                        null, ticketSeen());
            }
        } finally {
            setup.verifier.takeRefusal(link.engine());
        }
    }

    /** Whether a TLS 1.3 NewSessionTicket reached the client session cache of this client's own context. */
    private boolean ticketSeen() {
        return setup.context.getClientSessionContext().getIds().hasMoreElements();
    }

    /**
     * After our handshake completed, the server may still refuse our certificate (TLS 1.3 lets the
     * client finish first). Wait for its verdict line or its alert. A TLS 1.2 handshake completes
     * only after the server accepted us, so there a short wait is enough, and a server that says
     * nothing and closes (with close_notify or not) has accepted us all the same.
     */
    private HandshakeResult awaitVerdict(ClientLink link) {
        SSLSession session = link.engine().getSession();
        boolean tls13 = "TLSv1.3".equals(session.getProtocol());
        Duration wait = tls13 ? timeout : Duration.ofMillis(Math.min(500, timeout.toMillis()));
        try {
            String line = link.readLine(System.nanoTime() + wait.toNanos());
            if (line == null) {
                return HandshakeResult.success(session, tls13
                        ? "the server closed the connection without a verdict line and without an alert" : null);
            }
            return HandshakeResult.success(session, line.equals(TlsServer.VERDICT_LINE) ? null
                    : "the server sent \"" + printable(line) + "\" instead of the verdict line " + TlsServer.VERDICT_LINE);
        } catch (SocketTimeoutException e) {
            return HandshakeResult.success(session, tls13
                    ? "no verdict line and no alert from the server within " + HandshakeResult.seconds(wait)
                    : null);
        } catch (IOException | RuntimeException e) {
            return refusedAfterHandshake(e, timeout);
        }
    }

    /** What went wrong after our handshake completed: the server's alert means it refused us (TLS 1.3). */
    static HandshakeResult refusedAfterHandshake(Exception e, Duration timeout) {
        String alert = e instanceof SSLException ? EngineLink.alertIn(e) : null;
        if (alert != null) {
            return HandshakeResult.peerRefused("server", alert, "after the handshake");
        }
        return HandshakeResult.fromException(e, Set.of(), "server", timeout, true);
    }

    private static String printable(String s) {
        return new String(s.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII).replaceAll("[^\\x20-\\x7e]", "?");
    }
}
