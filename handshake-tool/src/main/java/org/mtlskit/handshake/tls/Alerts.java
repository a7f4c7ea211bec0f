package org.mtlskit.handshake.tls;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * TLS alerts by name (as JSSE names them, RFC 8446 section 6 and RFC 5246 section 7.2) with what
 * each means for the side that receives it, and the reading of a plaintext alert record straight
 * from the bytes the peer sent.
 */
final class Alerts {
    private Alerts() {}

    static final int RECORD_TYPE = 21;
    static final int HANDSHAKE_FAILURE = 40;
    static final int INTERNAL_ERROR = 80;

    private record Known(String name, String meaning) {}

    private static final Map<Integer, Known> KNOWN = Map.ofEntries(
            Map.entry(10, new Known("unexpected_message", "it received a message it did not expect")),
            Map.entry(20, new Known("bad_record_mac", "a record could not be decrypted or authenticated")),
            Map.entry(22, new Known("record_overflow", "a record was too long")),
            Map.entry(
                    HANDSHAKE_FAILURE,
                    new Known("handshake_failure", "it could not agree on the handshake's parameters")),
            Map.entry(42, new Known("bad_certificate", "it found our certificate bad")),
            Map.entry(43, new Known("unsupported_certificate", "it does not support our certificate's type")),
            Map.entry(44, new Known("certificate_revoked", "it found our certificate revoked")),
            Map.entry(45, new Known("certificate_expired", "it found our certificate expired or not yet valid")),
            Map.entry(46, new Known("certificate_unknown", "it does not accept our certificate")),
            Map.entry(47, new Known("illegal_parameter", "a handshake field was out of range")),
            Map.entry(48, new Known("unknown_ca", "it does not trust the CA that issued our certificate")),
            Map.entry(49, new Known("access_denied", "it verified our certificate and denies us access")),
            Map.entry(50, new Known("decode_error", "it could not decode a message")),
            Map.entry(51, new Known("decrypt_error", "a signature or the Finished check failed")),
            Map.entry(70, new Known("protocol_version", "it does not speak the TLS version we offered")),
            Map.entry(71, new Known("insufficient_security", "it wants stronger cipher suites than we offered")),
            Map.entry(INTERNAL_ERROR, new Known("internal_error", "it could not go on for a reason of its own")),
            Map.entry(86, new Known("inappropriate_fallback", "it refused a version fallback")),
            Map.entry(90, new Known("user_canceled", "it cancelled the handshake")),
            Map.entry(109, new Known("missing_extension", "a required extension was missing")),
            Map.entry(110, new Known("unsupported_extension", "we sent an extension it did not ask for")),
            Map.entry(112, new Known("unrecognized_name", "it does not serve the name we asked for")),
            Map.entry(116, new Known("certificate_required", "it requires a certificate we did not send")),
            Map.entry(120, new Known("no_application_protocol", "no application protocol in common")));

    /** JSSE's name for an alert code, or "alert_N" for one it has none for. */
    static String name(int code) {
        Known k = KNOWN.get(code);
        return k == null ? "alert_" + code : k.name();
    }

    /** What the alert means for us, in words; null for an alert we have no words for. */
    static String meaning(String name) {
        return KNOWN.values().stream()
                .filter(k -> k.name().equals(name))
                .map(Known::meaning)
                .findFirst()
                .orElse(null);
    }

    /** The alerts a peer sends when it found nothing in common with us: no version, no cipher suite. */
    static boolean isNegotiationFailure(String name) {
        return name.equals("protocol_version")
                || name.equals("insufficient_security")
                || name.equals("handshake_failure");
    }

    /**
     * The description of a plaintext alert record at the start of {@code bytes} (read mode, not
     * consumed), or -1 when the bytes there are no whole alert record.
     */
    static int plaintextAlert(ByteBuffer bytes) {
        int at = bytes.position();
        if (bytes.remaining() < 7 || (bytes.get(at) & 0xff) != RECORD_TYPE || bytes.get(at + 1) != 3) {
            return -1;
        }
        int length = ((bytes.get(at + 3) & 0xff) << 8) | (bytes.get(at + 4) & 0xff);
        if (length != 2 || (bytes.get(at + 5) & 0xff) != 2) { // 2 bytes, level fatal
            return -1;
        }
        return bytes.get(at + 6) & 0xff;
    }

    /** A fatal alert record in plaintext, as sent before any keys are agreed. */
    static ByteBuffer plaintextRecord(int code) {
        return ByteBuffer.wrap(new byte[] {RECORD_TYPE, 3, 3, 0, 2, 2, (byte) code});
    }
}
