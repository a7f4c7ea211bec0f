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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.mtlskit.pki.VerificationFailure;

/**
 * How one handshake ended, told so that who refused whom is never in doubt.
 *
 * @param failures our reasons for refusing the peer (only with {@link Verdict#WE_REFUSED})
 * @param cause    one line: what happened, in words
 * @param alert    the TLS alert the peer sent us (only with {@link Verdict#PEER_REFUSED})
 * @param note     an extra line worth telling on success, or null
 */
public record HandshakeResult(Verdict verdict, Set<VerificationFailure> failures, String cause, String alert,
                              String protocol, String cipherSuite, List<X509Certificate> peerChain, String note) {

    public enum Verdict {
        /** Both sides accepted each other. */
        SUCCESS,
        /** Our verification refused the peer's certificate (or its absence). */
        WE_REFUSED,
        /** The peer sent a fatal alert: it refused us. */
        PEER_REFUSED,
        /** The connection broke, timed out, or the handshake failed for a reason other than a certificate. */
        FAILED
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
        return new HandshakeResult(Verdict.SUCCESS, Set.of(), "handshake complete", null, session.getProtocol(),
                session.getCipherSuite(), chain, note);
    }

    static HandshakeResult peerRefused(String peerRole, String alert, String when) {
        return new HandshakeResult(Verdict.PEER_REFUSED, Set.of(),
                "the " + peerRole + " refused us " + when + " (it sent the alert " + alert + ")", alert, null, null,
                List.of(), null);
    }

    static HandshakeResult failed(String cause) {
        return new HandshakeResult(Verdict.FAILED, Set.of(), cause, null, null, null, List.of(), null);
    }

    private static final Pattern RECEIVED_ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    private static final Pattern PLAINTEXT_ALERT = Pattern.compile("Unexpected plaintext alert received: (\\w+)");

    /**
     * Reads a failed handshake: our own refusal (the verifier's reasons), the peer's alert, a
     * missing client certificate, a timeout, or a broken connection.
     */
    static HandshakeResult fromException(Exception e, Set<VerificationFailure> ourRefusal, String peerRole,
                                         Duration timeout) {
        if (!ourRefusal.isEmpty()) {
            return new HandshakeResult(Verdict.WE_REFUSED, ourRefusal,
                    "we refused the " + peerRole + "'s certificate", null, null, null, List.of(), null);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            Matcher m = RECEIVED_ALERT.matcher(message);
            if (m.find()) {
                return peerRefused(peerRole, m.group(1), "during the handshake");
            }
            // TLS 1.3: a peer that refuses us before it uses its handshake keys (OpenSSL's s_client does)
            // sends its alert in plaintext. JDK 17 tries to decrypt the 2-byte record and fails with the
            // first message (JDK-8331682); later JDKs say the second. Either way the peer refused us.
            Matcher plain = PLAINTEXT_ALERT.matcher(message);
            if (plain.find()) {
                return peerRefused(peerRole, plain.group(1), "during the handshake");
            }
            if (message.contains("Insufficient buffer remaining for AEAD cipher fragment (2)")) {
                return new HandshakeResult(Verdict.PEER_REFUSED, Set.of(), "the " + peerRole + " refused us during the "
                        + "handshake (it sent a plaintext alert, which this JDK cannot read: JDK-8331682)", "unreadable",
                        null, null, List.of(), null);
            }
            if (message.contains("Empty client certificate chain") || message.contains("Empty server certificate chain")) {
                return new HandshakeResult(Verdict.WE_REFUSED, Set.of(VerificationFailure.MISSING),
                        "the " + peerRole + " sent no certificate", null, null, null, List.of(), null);
            }
            if (t instanceof SocketTimeoutException) {
                return failed("timed out after " + seconds(timeout) + " waiting for the " + peerRole);
            }
            if (t instanceof EOFException || message.contains("Remote host terminated the handshake")
                    || message.contains("Socket closed") && t instanceof SocketException) {
                return failed("the " + peerRole + " closed the connection during the handshake");
            }
            if (message.contains("Broken pipe")) {
                // The peer closed while our flight was on its way: often because it refused us and its
                // alert was lost to the reset (GnuTLS closes at once), but that cannot be known here.
                return failed("the " + peerRole + " closed the connection while we were sending (Broken pipe); "
                        + "it may have refused us with an alert the reset destroyed");
            }
            if (message.contains("Connection reset")) {
                return failed("the " + peerRole + " reset the connection during the handshake");
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return failed(message.lines().findFirst().orElse(message));
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
