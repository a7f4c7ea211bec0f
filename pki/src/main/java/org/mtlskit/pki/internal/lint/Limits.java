package org.mtlskit.pki.internal.lint;

/**
 * The device's record buffer sizes, for the chain-size rules.
 *
 * @param inContentLen  MBEDTLS_SSL_IN_CONTENT_LEN: the largest handshake message the device receives
 * @param outContentLen MBEDTLS_SSL_OUT_CONTENT_LEN: the largest it sends, or null when not given (then
 *                      the device's own chain is not checked, so one limit is not reported twice)
 */
public record Limits(int inContentLen, Integer outContentLen) {
    /** mbedTLS's default for both (include/mbedtls/ssl.h: MBEDTLS_SSL_MAX_CONTENT_LEN), as Debian builds it. */
    public static final int MBEDTLS_DEFAULT_CONTENT_LEN = 16384;

    public static final Limits DEFAULT = new Limits(MBEDTLS_DEFAULT_CONTENT_LEN, null);

    public Limits {
        if (inContentLen < 512 || (outContentLen != null && outContentLen < 512)) {
            throw new IllegalArgumentException("content lengths below 512 bytes cannot hold a certificate");
        }
    }
}
