package org.mtlskit.handshake.tls;

/**
 * What {@link TlsClient#probe} saw: how the handshake ended and, when it completed on our side,
 * what the server did after we sent the probe.
 *
 * @param handshake      the handshake as {@link TlsClient#connect} tells it
 * @param after          what followed a handshake that completed on our side; null when it did not
 * @param alert          the server's alert after the handshake (with {@link After#ALERT}), else null
 * @param answer         the first line of the server's answer, printable (with {@link After#ANSWERED}), else null
 * @param ticketReceived whether the server sent a TLS 1.3 NewSessionTicket before what it did after the
 *                       handshake: a server that sends one has completed its handshake, so a refusal after
 *                       it is a late one
 * @param heard          whether the server sent at least one TLS record: a port that is silent or does not
 *                       speak TLS sent none
 */
public record ProbeResult(
        HandshakeResult handshake, After after, String alert, String answer, boolean ticketReceived, boolean heard) {

    /** What the server did after our handshake completed and we sent the probe. */
    public enum After {
        /** It sent data: it answered. */
        ANSWERED,
        /** It kept the connection open, silent, until the bound. */
        OPEN,
        /** It sent a fatal alert. */
        ALERT,
        /** It ended the session in order (close_notify) without an answer. */
        CLOSE_NOTIFY,
        /** It closed (FIN or reset) without a close_notify and without an answer. */
        CLOSED
    }
}
