package org.mtlskit.pki.internal.lint;

import static org.mtlskit.pki.internal.lint.Action.REFUSES;

import java.util.List;
import java.util.Set;

/**
 * OpenSSL 3 (Debian 12 ships 3.0), with Debian's default security level 2 for TLS. Proven with the real
 * openssl by LintRulesOnOpensslAndJavaTest (openssl verify; -auth_level is the security level TLS applies).
 */
final class Openssl3Rules {
    private Openssl3Rules() {}

    /** crypto/x509/v3_purp.c X509_supported_extension. */
    static final Set<String> SUPPORTED_EXTENSIONS = Set.of(
            "2.16.840.1.113730.1.1",
            "2.5.29.15",
            "2.5.29.17",
            "2.5.29.19",
            "2.5.29.32",
            "2.5.29.37",
            "1.3.6.1.5.5.7.1.14",
            "2.5.29.30",
            "2.5.29.33",
            "2.5.29.36",
            "2.5.29.54",
            "1.3.6.1.5.5.7.1.7",
            "1.3.6.1.5.5.7.1.8");

    static final List<Rule> RULES = List.of(
            new Rule(
                    "critical-extension",
                    Target.OPENSSL_3,
                    REFUSES,
                    "a critical extension OpenSSL does not support (\"unhandled critical extension\")",
                    "mark the extension non-critical, or leave it out",
                    "OpenSSL 3 crypto/x509/v3_purp.c X509_supported_extension",
                    "LintRulesOnOpensslAndJavaTest.unknownCriticalExtensionIsRefusedByOpenssl",
                    Checks.criticalExtensionOutside(SUPPORTED_EXTENSIONS, false)),
            new Rule(
                    "rsa-key-size",
                    Target.OPENSSL_3,
                    REFUSES,
                    "an RSA key shorter than 2048 bits in a TLS handshake (security level 2, Debian's default)",
                    "key: rsa-2048 or larger",
                    "OpenSSL 3 SSL_CTX_set_security_level(3); Debian's openssl.cnf",
                    "LintRulesOnOpensslAndJavaTest.rsaKeyBelow2048BitsIsRefusedByOpensslAtSecurityLevel2",
                    Checks.rsaKeyBelow(2048)),
            new Rule(
                    "signature-digest",
                    Target.OPENSSL_3,
                    REFUSES,
                    "a certificate signature with MD5 or SHA-1 in a TLS handshake (security level 1 and up)",
                    "digest: sha256",
                    "OpenSSL 3.0 migration guide (SHA-1 below security level 1 only)",
                    "LintRulesOnOpensslAndJavaTest.sha1SignatureIsRefusedByOpensslAtSecurityLevel1",
                    Checks.signatureDigest(Set.of("SHA224", "SHA256", "SHA384", "SHA512"))));
}
