package org.mtlskit.handshake.tls;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.mtlskit.pki.internal.verify.VerificationFailure;

/**
 * How one handshake ended, told so that who refused whom is never in doubt.
 *
 * @param failures our reasons for refusing the peer (only with {@link Verdict#WE_REFUSED})
 * @param cause    one line: what happened, in words
 * @param alert    the TLS alert the peer sent us (only with {@link Verdict#PEER_REFUSED})
 * @param note     an extra line worth telling on success, or null
 */
public record HandshakeResult(
        Verdict verdict,
        Set<VerificationFailure> failures,
        String cause,
        String alert,
        String protocol,
        String cipherSuite,
        List<X509Certificate> peerChain,
        String note) {

    public enum Verdict {
        /** Both sides accepted each other. */
        SUCCESS,
        /** Our verification refused the peer's certificate (or its absence). */
        WE_REFUSED,
        /** The peer sent a fatal alert: it refused us. */
        PEER_REFUSED,
        /** The connection broke, timed out, or the handshake failed for a reason other than a certificate. */
        FAILED,
        /**
         * Our handshake completed (TLS 1.3: before the server judged us), then the server closed or
         * stayed silent without a verdict: not known whether it accepted us.
         */
        UNKNOWN
    }

    public HandshakeResult {
        failures = Set.copyOf(failures);
        peerChain = List.copyOf(peerChain);
    }

    public boolean succeeded() {
        return verdict == Verdict.SUCCESS;
    }

    static HandshakeResult success(SSLSession session, String note) {
        List<X509Certificate> chain;
        try {
            Certificate[] peer = session.getPeerCertificates();
            chain = Arrays.stream(peer).map(c -> (X509Certificate) c).toList();
        } catch (SSLPeerUnverifiedException e) {
            chain = List.of();
        }
        return new HandshakeResult(
                Verdict.SUCCESS,
                Set.of(),
                "handshake complete",
                null,
                session.getProtocol(),
                session.getCipherSuite(),
                chain,
                note);
    }

    /** The peer's alert: it refused us; the cause names the alert and says what it means. */
    static HandshakeResult peerRefused(String peerRole, String alert, String when) {
        String meaning = Alerts.meaning(alert);
        return new HandshakeResult(
                Verdict.PEER_REFUSED,
                Set.of(),
                "the " + peerRole + " refused us " + when + " (it sent the alert " + alert
                        + (meaning == null ? "" : ": " + meaning) + ")",
                alert,
                null,
                null,
                List.of(),
                null);
    }

    /** Not known whether the server accepted us: our handshake completed, then no verdict came (see {@link Verdict#UNKNOWN}). */
    static HandshakeResult unknown(SSLSession session, String cause) {
        HandshakeResult done = success(session, null);
        return new HandshakeResult(
                Verdict.UNKNOWN, Set.of(), cause, null, done.protocol(), done.cipherSuite(), done.peerChain(), null);
    }

    /** Whether the handshake ended because the peer did not answer within the bound: no answer, not a verdict. */
    public boolean timedOut() {
        return verdict == Verdict.FAILED && cause.startsWith("timed out");
    }

    static HandshakeResult failed(String cause) {
        return new HandshakeResult(Verdict.FAILED, Set.of(), cause, null, null, null, List.of(), null);
    }

    /**
     * The peer's alert during the handshake. A server's alert in answer to our ClientHello, before
     * anything else, cannot be about our certificate (it has not seen it): no TLS version or cipher
     * suite in common (the same failure, and the same exit code, as the server reports), or a full
     * server. A client's alert always comes after it saw our certificate, so it is a refusal.
     */
    static HandshakeResult alertDuringHandshake(String peerRole, String alert, boolean peerAnswered) {
        boolean firstAnswer = !peerAnswered && peerRole.equals("server");
        String meaning = Alerts.meaning(alert);
        String sent = "(it sent the alert " + alert + (meaning == null ? "" : ": " + meaning) + ")";
        if (firstAnswer && Alerts.isNegotiationFailure(alert)) {
            return new HandshakeResult(
                    Verdict.FAILED,
                    Set.of(),
                    "no TLS version or cipher suite in common with the " + peerRole + " " + sent,
                    alert,
                    null,
                    null,
                    List.of(),
                    null);
        }
        if (firstAnswer && alert.equals(Alerts.name(Alerts.INTERNAL_ERROR))) {
            return new HandshakeResult(
                    Verdict.FAILED,
                    Set.of(),
                    "server busy: it refused the connection before its " + "handshake began (it sent the alert " + alert
                            + ", as a full handshake-tool serve does)",
                    alert,
                    null,
                    null,
                    List.of(),
                    null);
        }
        return peerRefused(peerRole, alert, "during the handshake");
    }

    /**
     * Reads a failed handshake: our own refusal (the verifier's reasons), the peer's alert, a
     * missing client certificate, a timeout, or a broken connection.
     *
     * @param peerAnswered whether the peer had sent anything beyond its first flight before (see {@link #alertDuringHandshake})
     */
    static HandshakeResult fromException(
            Exception e, Set<VerificationFailure> ourRefusal, String peerRole, Duration timeout, boolean peerAnswered) {
        if (!ourRefusal.isEmpty()) {
            return new HandshakeResult(
                    Verdict.WE_REFUSED,
                    ourRefusal,
                    "we refused the " + peerRole + "'s certificate",
                    null,
                    null,
                    null,
                    List.of(),
                    null);
        }
        String alert = EngineLink.alertIn(e);
        if (alert != null) {
            return alertDuringHandshake(peerRole, alert, peerAnswered);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.contains("Empty client certificate chain")
                    || message.contains("Empty server certificate chain")) {
                return new HandshakeResult(
                        Verdict.WE_REFUSED,
                        Set.of(VerificationFailure.MISSING),
                        "the " + peerRole + " sent no certificate",
                        null,
                        null,
                        null,
                        List.of(),
                        null);
            }
            if (message.contains("not enabled or supported")
                    || message.contains("No appropriate protocol")
                    || message.contains("not accepted by server preferences")
                    || message.contains("no cipher suites in common")) {
                return failed("no TLS version or cipher suite in common with the " + peerRole + " (" + message + ")");
            }
            if (t instanceof SocketTimeoutException) {
                return failed("timed out after " + seconds(timeout) + " waiting for the " + peerRole);
            }
            if (t instanceof EOFException
                    || message.contains("Remote host terminated the handshake")
                    || message.contains("Socket closed") && t instanceof SocketException) {
                return failed("the " + peerRole + " closed the connection during the handshake");
            }
            if (message.contains("Broken pipe")) {
                // What the peer sent before it went away has been read (see EngineLink): there was no alert.
                return failed("the " + peerRole + " reset the connection while we were sending (Broken pipe), "
                        + "without an alert");
            }
            if (message.contains("Connection reset")) {
                return failed("the " + peerRole + " reset the connection during the handshake, without an alert");
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return failed(message.lines().findFirst().orElse(message));
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
