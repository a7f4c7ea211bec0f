package org.mtlskit.handshake.interop;

/**
 * The TLS alerts the peers send when they refuse a certificate, with the words each receiving
 * peer prints for them (RFC 8446 section 6.2 for the codes).
 */
enum Alert {
    BAD_CERTIFICATE(42, "bad_certificate", "sslv3 alert bad certificate", "Certificate is bad"),
    CERTIFICATE_UNKNOWN(46, "certificate_unknown", "sslv3 alert certificate unknown", "Unknown certificate"),
    UNKNOWN_CA(48, "unknown_ca", "tlsv1 alert unknown ca", "CA is unknown"),
    ACCESS_DENIED(49, "access_denied", "tlsv1 alert access denied", "Access was denied");

    final int code;
    /** As JSSE names it, and so handshake-tool: "it sent the alert certificate_unknown". */
    final String jsseName;
    /** As OpenSSL's error queue names it. */
    final String opensslText;
    /** As GnuTLS's gnutls_alert_get_name() names it. */
    final String gnutlsText;

    Alert(int code, String jsseName, String opensslText, String gnutlsText) {
        this.code = code;
        this.jsseName = jsseName;
        this.opensslText = opensslText;
        this.gnutlsText = gnutlsText;
    }
}
