package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

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
    public TlsClient(HandshakeFiles credentials, TlsVersion version, Clock clock, String server, Duration timeout) {
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
            return HandshakeResult.failed(ClientLink.cannotConnect(server, port, e));
        }
        try (link) {
            steps.accept("Starting handshake...");
            HandshakeResult failure = link.handshakeOrFailure(setup.verifier, timeout);
            if (failure != null) {
                return failure;
            }
            HandshakeResult result = awaitVerdict(link);
            if (result.succeeded() || result.verdict() == HandshakeResult.Verdict.UNKNOWN) {
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
        } catch (SocketTimeoutException e) {
            return new ProbeResult(
                    HandshakeResult.failed("timed out after " + HandshakeResult.seconds(timeout) + " connecting to "
                            + server + " port " + port),
                    null,
                    null,
                    null,
                    false,
                    false);
        } catch (IOException e) {
            return new ProbeResult(
                    HandshakeResult.failed(ClientLink.cannotConnect(server, port, e)), null, null, null, false, false);
        }
        try (link) {
            HandshakeResult failure = link.handshakeOrFailure(setup.verifier, timeout);
            if (failure != null) {
                return new ProbeResult(failure, null, null, null, false, link.link.peerAnswered());
            }
            HandshakeResult done = HandshakeResult.success(link.engine().getSession(), null);
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                link.write(probe, deadline);
                String answer = link.readAny(deadline);
                if (answer == null) {
                    return new ProbeResult(
                            done,
                            link.link.closedByPeer() ? ProbeResult.After.CLOSE_NOTIFY : ProbeResult.After.CLOSED,
                            null,
                            null,
                            ticketSeen(),
                            true);
                }
                // the answer is all we wait for: no linger for the device's own close
                link.closeNotify();
                link.noLinger();
                return new ProbeResult(
                        done,
                        ProbeResult.After.ANSWERED,
                        null,
                        printable(answer.lines().findFirst().orElse("")),
                        ticketSeen(),
                        true);
            } catch (SocketTimeoutException e) {
                link.closeNotify();
                link.noLinger();
                return new ProbeResult(done, ProbeResult.After.OPEN, null, null, ticketSeen(), true);
            } catch (IOException | RuntimeException e) {
                String alert = e instanceof SSLException ? EngineLink.alertIn(e) : null;
                if (alert == null) {
                    // a close_notify (or an alert) that arrived just before a reset is still read
                    alert = link.link.peerAlert();
                }
                if (alert == null && link.link.closedByPeer()) {
                    return new ProbeResult(done, ProbeResult.After.CLOSE_NOTIFY, null, null, ticketSeen(), true);
                }
                return new ProbeResult(
                        done,
                        alert != null ? ProbeResult.After.ALERT : ProbeResult.After.CLOSED,
                        alert,
                        null,
                        ticketSeen(),
                        true);
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
     * nothing and closes (with close_notify or not) has accepted us all the same. In TLS 1.3 a
     * server that closes or stays silent without a verdict has told us nothing: not known.
     */
    private HandshakeResult awaitVerdict(ClientLink link) {
        SSLSession session = link.engine().getSession();
        boolean tls13 = "TLSv1.3".equals(session.getProtocol());
        Duration wait = tls13 ? timeout : Duration.ofMillis(Math.min(500, timeout.toMillis()));
        try {
            String line = link.readLine(System.nanoTime() + wait.toNanos());
            if (line == null) {
                return tls13
                        ? HandshakeResult.unknown(
                                session,
                                "not known whether the server accepted us: after a "
                                        + "TLS 1.3 handshake it closed the connection without a verdict line and without an alert")
                        : HandshakeResult.success(session, null);
            }
            return HandshakeResult.success(
                    session,
                    line.equals(TlsServer.VERDICT_LINE)
                            ? null
                            : "the server sent \"" + printable(line) + "\" instead of the verdict line "
                                    + TlsServer.VERDICT_LINE);
        } catch (SocketTimeoutException e) {
            return tls13
                    ? HandshakeResult.unknown(
                            session,
                            "not known whether the server accepted us: no answer "
                                    + "(timed out after " + HandshakeResult.seconds(wait)
                                    + " waiting for its verdict line or alert "
                                    + "after a TLS 1.3 handshake)")
                    : HandshakeResult.success(session, null);
        } catch (IOException | RuntimeException e) {
            HandshakeResult r = refusedAfterHandshake(e, timeout);
            return tls13 && r.verdict() == HandshakeResult.Verdict.FAILED
                    ? HandshakeResult.unknown(session, "not known whether the server accepted us: " + r.cause())
                    : r;
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
        return new String(s.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII)
                .replaceAll("[^\\x20-\\x7e]", "?");
    }
}
