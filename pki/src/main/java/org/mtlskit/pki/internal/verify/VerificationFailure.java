package org.mtlskit.pki.internal.verify;

/**
 * Why a certificate is refused, in the words of the mutual-TLS demo (mbedTLS's verification
 * flags), and for what mbedTLS 2.28 has no flag of its own, in the same short style. Both tools
 * print these; the order here is the order they are listed in.
 */
public enum VerificationFailure {
    NOT_TRUSTED("Certificate not trusted"),
    EXPIRED("Certificate expired"),
    NOT_YET_VALID("Certificate validity starts in the future"),
    HOSTNAME_MISMATCH("CN mismatch (hostname)"),
    KEY_USAGE("Key usage mismatch"),
    EXTENDED_KEY_USAGE("Extended key usage mismatch"),
    MISSING("Certificate missing"),
    REVOKED("Certificate revoked"),
    /** A name on the path is outside a CA's permitted subtrees or inside its excluded ones (RFC 5280 4.2.1.10). */
    NAME_CONSTRAINT("Name constraint violated"),
    /** Checking the path's names against its name constraints would exceed the budget per path (Defaults). */
    NAME_CONSTRAINT_BUDGET("Name constraint checks over budget"),
    /** A certificate on the path marks critical an extension the engine does not process (RFC 5280 4.2). */
    UNKNOWN_CRITICAL_EXTENSION("Unknown critical extension"),
    /** A CRL given for a CA on the path cannot be relied on: bad signature, issuer without cRLSign, ... (RFC 5280 6.3). */
    CRL_NOT_TRUSTED("CRL not trusted"),
    /** CRLs were given, but none valid covers a certificate on the path (RFC 5280 6.3.3: status undetermined). */
    REVOCATION_UNKNOWN("Revocation status unknown"),
    /** A certificate parses as DER but breaks X.509's rules (duplicate extensions, empty issuer, ...). */
    MALFORMED("Malformed certificate"),
    /** A certificate breaks a MUST of the RFC 5280 certificate profile (critical AKI, missing SKI, ...). */
    PROFILE("RFC 5280 profile violated"),
    /** A subjectAltName, or a name constraint's subtree, is not valid syntax (an underscore in a DNS name, ...). */
    NAME_SYNTAX("Invalid name syntax"),
    /** basicConstraints' pathLen of a CA, or --max-depth, is exceeded (RFC 5280 6.1.4 (l), (m)). */
    PATH_LENGTH("Path length exceeded"),
    /** No valid policy tree remains where one is required (RFC 5280 6.1.5 (g)). */
    POLICY("Certificate policy not acceptable"),
    /** The leaf's SAN has no rfc822Name equal to the address given (--email). */
    EMAIL_MISMATCH("Email mismatch"),
    /**
     * An RSA or DSA key under 2048 bits on the path (both rule sets, {@link AlgorithmPolicy}); with webpki
     * also an RSA key not a multiple of 8, any DSA key, a curve other than P-256/384/521.
     */
    BAD_KEY("Key not acceptable"),
    /** webpki rules: a rule of the CA/Browser Forum's Baseline Requirements (see docs/verify.md). */
    WEB_PKI("Web PKI rule broken"),
    /** A certificate on the path signed with MD2, MD4, MD5 or SHA-1 ({@link AlgorithmPolicy}). */
    BAD_HASH("Signature hash not acceptable");

    private final String words;

    VerificationFailure(String words) {
        this.words = words;
    }

    /** The demo's words for this failure. */
    public String words() {
        return words;
    }
}
