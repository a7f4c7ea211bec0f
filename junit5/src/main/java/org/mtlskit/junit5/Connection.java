package org.mtlskit.junit5;

import java.util.List;

/**
 * How one connection to an {@link MtlsTestServer} ended, in the words handshake-tool serve uses:
 * accepted; refused (we refused the client's certificate: the reasons); peer refused (the client
 * sent an alert: it refused our certificate); or failed (no verdict: a timeout, a close without an
 * alert, no protocol in common).
 *
 * @param reasons our reasons for refusing the client (with {@link Verdict#REFUSED}), in words
 * @param alert   the alert the client sent (with {@link Verdict#PEER_REFUSED}), as JSSE names it
 * @param cause   what happened, in one line
 */
public record Connection(Verdict verdict, List<String> reasons, String alert, String cause) {

    /** Who refused whom. */
    public enum Verdict {
        /** Both sides accepted each other. */
        ACCEPTED,
        /** The server (this test's) refused the client's certificate. */
        REFUSED,
        /** The client refused the server: it sent a fatal alert. */
        PEER_REFUSED,
        /** No verdict: the connection broke, timed out, or had nothing in common with the server. */
        FAILED
    }

    public Connection {
        reasons = List.copyOf(reasons);
    }

    /** The connection as one line: "accepted", "refused: REASONS", "peer refused: alert NAME" or "failed: CAUSE". */
    public String line() {
        return switch (verdict) {
            case ACCEPTED -> "accepted";
            case REFUSED -> "refused: " + String.join(", ", reasons);
            case PEER_REFUSED -> "peer refused: alert " + alert;
            case FAILED -> "failed: " + cause;
        };
    }

    @Override
    public String toString() {
        return line();
    }
}
