package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.mtlskit.pki.internal.jsse.PeerVerifier;

/**
 * One connection of a {@link LoadClient} run: connect, handshake, learn whether the server accepted
 * us (its verdict line, or for other servers its close), and how long that took.
 */
final class LoadConnection {
    private LoadConnection() {}

    /**
     * @param acceptedAt  System.nanoTime() when the server had accepted us
     * @param resumed     the handshake resumed a session
     * @param unreachable the server could not be reached at all, which ends the run
     */
    record Outcome(HandshakeResult result, long acceptedAt, boolean resumed, boolean unreachable) {
        Outcome(HandshakeResult result, long acceptedAt, boolean resumed) {
            this(result, acceptedAt, resumed, false);
        }

        static Outcome unreachable(String cause) {
            return new Outcome(HandshakeResult.failed(cause), 0, false, true);
        }
    }

    /**
     * One connection: connect, handshake, wait for the server's acceptance, close.
     *
     * @param verified the connections whose server chain {@code verifier} was asked to verify (see
     *                 {@link NotingVerifier}): a connection not in it was resumed
     */
    static Outcome once(LoadClient.Plan plan, SSLContext context, PeerVerifier verifier, Set<Object> verified) {
        ClientLink link;
        try {
            link = ClientLink.open(
                    context,
                    plan.version(),
                    plan.host(),
                    plan.serverName(),
                    plan.port(),
                    plan.timeout().toMillis());
        } catch (UnknownHostException e) {
            return Outcome.unreachable("cannot resolve " + plan.host());
        } catch (SocketTimeoutException e) {
            return new Outcome(
                    HandshakeResult.failed(
                            "timed out after " + HandshakeResult.seconds(plan.timeout()) + " connecting"),
                    0,
                    false);
        } catch (IOException e) {
            return Outcome.unreachable(ClientLink.cannotConnect(plan.host(), plan.port(), e));
        }
        SSLEngine engine = link.engine();
        try (link) {
            HandshakeResult failure = link.handshakeOrFailure(verifier, plan.timeout());
            if (failure != null) {
                return new Outcome(failure, 0, false);
            }
            SSLSession session = engine.getSession();
            boolean resumed = !verified.remove(engine);
            HandshakeResult result;
            long acceptedAt;
            if (plan.awaitVerdict()) {
                result = awaitVerdict(link, session, plan.timeout());
                acceptedAt = System.nanoTime();
                if (result.succeeded()) {
                    awaitClose(link, session, plan.timeout());
                }
            } else {
                acceptedAt = System.nanoTime();
                result = awaitClose(link, session, plan.timeout());
            }
            if (!plan.resume()) {
                session.invalidate();
            }
            return new Outcome(result, acceptedAt, resumed && result.succeeded());
        } finally {
            verified.remove(engine);
            verifier.takeRefusal(engine);
        }
    }

    /** handshake-tool serve: the server accepted us when its verdict line arrives. */
    private static HandshakeResult awaitVerdict(ClientLink link, SSLSession session, Duration timeout) {
        try {
            String line = link.readLine(System.nanoTime() + timeout.toNanos());
            if (TlsServer.VERDICT_LINE.equals(line)) {
                return HandshakeResult.success(session, null);
            }
            return HandshakeResult.failed(
                    line == null
                            ? "the server closed the connection without its verdict line (use --no-verdict against other servers)"
                            : "the server sent another line than its verdict line " + TlsServer.VERDICT_LINE);
        } catch (SocketTimeoutException e) {
            return HandshakeResult.failed("no verdict line from the server within " + HandshakeResult.seconds(timeout)
                    + " (use --no-verdict against other servers)");
        } catch (IOException | RuntimeException e) {
            return TlsClient.refusedAfterHandshake(e, timeout);
        }
    }

    /**
     * Ends the connection as TLS asks: we send close_notify and read until the server closes its
     * side. Without a verdict line this is when we know we were accepted: a server that refuses our
     * certificate after a TLS 1.3 handshake sends its alert here instead. The session tickets of
     * TLS 1.3 arrive here too (if not before the verdict line), which lets a later connection resume.
     * With TLS 1.2 the server accepted us before the handshake completed, and a close is enough.
     */
    private static HandshakeResult awaitClose(ClientLink link, SSLSession session, Duration timeout) {
        link.closeNotify();
        if (!"TLSv1.3".equals(session.getProtocol())) {
            return HandshakeResult.success(session, null);
        }
        try {
            link.awaitEnd(System.nanoTime() + timeout.toNanos());
        } catch (SocketTimeoutException e) {
            // silence is no verdict: a bound only ends the wait
            return HandshakeResult.unknown(
                    session,
                    "not known whether the server accepted us: no answer (timed out " + "after "
                            + HandshakeResult.seconds(timeout) + " waiting for its close after a TLS 1.3 handshake)");
        } catch (IOException | RuntimeException e) {
            String alert = e instanceof SSLException ? EngineLink.alertIn(e) : null;
            if (alert != null) {
                return HandshakeResult.peerRefused("server", alert, "after the handshake");
            }
        }
        return HandshakeResult.success(session, null);
    }
}
