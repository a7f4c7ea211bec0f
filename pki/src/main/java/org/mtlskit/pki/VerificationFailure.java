package org.mtlskit.pki;

/**
 * Why a certificate is refused, in the words of the mutual-TLS demo (mbedTLS's verification
 * flags). handshake-tool prints these; ca-tool verify will use the same ones.
 */
public enum VerificationFailure {
    NOT_TRUSTED("Certificate not trusted"),
    EXPIRED("Certificate expired"),
    NOT_YET_VALID("Certificate validity starts in the future"),
    HOSTNAME_MISMATCH("CN mismatch (hostname)"),
    KEY_USAGE("Key usage mismatch"),
    EXTENDED_KEY_USAGE("Extended key usage mismatch"),
    MISSING("Certificate missing"),
    REVOKED("Certificate revoked");

    private final String words;

    VerificationFailure(String words) {
        this.words = words;
    }

    /** The demo's words for this failure. */
    public String words() {
        return words;
    }
}
