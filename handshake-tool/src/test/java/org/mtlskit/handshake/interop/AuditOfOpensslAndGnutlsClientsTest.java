package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * handshake-tool audit client against openssl s_client (strict and without verification), the
 * demo's style of client (exit 0 whatever happened) and gnutls-cli.
 */
class AuditOfOpensslAndGnutlsClientsTest extends AuditClientTest {

    static String sClient(String flags) {
        requirePeer(Peer.onPath("openssl").isPresent() ? Optional.empty() : Optional.of("openssl not found on PATH"));
        return "openssl s_client -connect 127.0.0.1:{port} -servername {host} -CAfile {ca} " + flags;
    }

    static final String STRICT = "-verify_return_error -verify_hostname {host} -CRL {crl} -crl_check";

    /** The alerts OpenSSL 3 sends, on both versions, for the cases it refuses. */
    static final Map<String, String> OPENSSL_ALERTS = Map.ofEntries(
            Map.entry("server-bad-signature", "decrypt_error"),
            Map.entry("server-client-auth-only", "unsupported_certificate"),
            Map.entry("server-cn-only-match", "bad_certificate"),
            Map.entry("server-expired", "certificate_expired"),
            Map.entry("server-intermediate-not-a-ca", "unknown_ca"),
            Map.entry("server-ip-san-for-name", "bad_certificate"),
            // TLS 1.2 only: its ECDHE_ECDSA signature needs digitalSignature (see openssl13 below).
            Map.entry("server-key-usage-without-digital-signature", "handshake_failure"),
            Map.entry("server-missing-intermediate", "unknown_ca"),
            Map.entry("server-name-constraint-violation", "unknown_ca"),
            Map.entry("server-name-not-in-san", "bad_certificate"),
            Map.entry("server-not-yet-valid", "bad_certificate"),
            Map.entry("server-path-len-exceeded", "unknown_ca"),
            Map.entry("server-revoked", "certificate_revoked"),
            Map.entry("server-rsa-1024", "bad_certificate"),
            Map.entry("server-self-signed", "unknown_ca"),
            Map.entry("server-sha1", "bad_certificate"),
            Map.entry("server-unknown-critical-extension", "certificate_unknown"),
            Map.entry("server-untrusted-issuer", "unknown_ca"),
            Map.entry("server-wildcard-not-left-most", "bad_certificate"),
            Map.entry("server-wildcard-public-suffix", "bad_certificate"),
            Map.entry("server-wildcard-two-labels", "bad_certificate"));

    /**
     * OpenSSL 3 verifying strictly still accepts two cases: -verify_hostname given an address
     * matches it against DNS names (s_client has -verify_ip for addresses), and on TLS 1.3 it does
     * not require digitalSignature in the keyUsage of the key that signs the handshake.
     */
    static String opensslStrict(String c, String v) {
        if (c.equals("server-ip-in-dns-san")
                || c.equals("server-key-usage-without-digital-signature") && v.equals("1.3")) {
            return "accepted -";
        }
        return "refused " + OPENSSL_ALERTS.get(c);
    }

    static final List<String> OPENSSL_STRICT_DIAGNOSIS = List.of(
            "its hostname matching accepts names RFC 6125 forbids (server-ip-in-dns-san): use the TLS library's own "
                    + "check with the name the user gave (mbedTLS 2.28 itself matches *.com and an address in a DNS name)",
            "key usages are not checked (server-key-usage-without-digital-signature): the leaf must allow "
                    + "digitalSignature (ECDHE, TLS 1.3) and name the server's role in extendedKeyUsage; mbedTLS: enable "
                    + "MBEDTLS_X509_CHECK_KEY_USAGE and MBEDTLS_X509_CHECK_EXTENDED_KEY_USAGE; OpenSSL: check "
                    + "X509_get_key_usage() of the leaf in the verify callback");

    /** Without -verify_return_error s_client goes on whatever it found; only the TLS 1.2 signature check stops it. */
    static String opensslUnverified(String c, String v) {
        return c.equals("server-key-usage-without-digital-signature") && v.equals("1.2")
                ? "refused handshake_failure"
                : "accepted -";
    }

    @Test
    void opensslClientVerifyingStrictlyRefusesAllButTwoCasesOnBothVersions() throws Exception {
        Audit a = auditClient(REQUEST + sClient("-quiet " + STRICT));
        assertEquals(
                expected(List.of("1.2", "1.3"), AuditOfOpensslAndGnutlsClientsTest::opensslStrict),
                a.verdicts(),
                a.out());
        assertEquals(OPENSSL_STRICT_DIAGNOSIS, diagnosis(a), a.out());
        assertEquals(8, a.code(), a.out() + a.err());
    }

    @Test
    void opensslClientWithoutVerificationIsFlaggedAndDiagnosedAsVerificationOff() throws Exception {
        Audit a = auditClient(REQUEST + sClient("-quiet"));
        assertEquals(
                expected(List.of("1.2", "1.3"), AuditOfOpensslAndGnutlsClientsTest::opensslUnverified),
                a.verdicts(),
                a.out());
        List<String> d = diagnosis(a);
        assertEquals(1, d.size(), d.toString());
        assertTrue(
                d.get(0)
                        .startsWith("verification is off: it accepted server certificates no trusted CA signed "
                                + "(server-bad-signature, server-self-signed, server-untrusted-issuer) and 19 more"),
                d.get(0));
        assertEquals(8, a.code(), a.out() + a.err());
    }

    /**
     * The demo's style of client exits 0 whatever happened: the verdict comes from the wire, so it
     * is judged right both ways, strict (its refusals seen) and unverified (its acceptances seen).
     */
    @Test
    void demoStyleClientThatAlwaysExitsZeroIsJudgedFromTheWireBothWays() throws Exception {
        Audit strict = auditClient(REQUEST + sClient(STRICT) + "; exit 0");
        assertEquals(
                expected(List.of("1.2", "1.3"), AuditOfOpensslAndGnutlsClientsTest::opensslStrict),
                strict.verdicts(),
                strict.out());
        assertTrue(exits(strict).stream().allMatch("0"::equals), exits(strict).toString());
        assertEquals(8, strict.code(), strict.out());

        Audit unverified = auditClient(REQUEST + sClient("") + "; exit 0");
        assertEquals(
                expected(List.of("1.2", "1.3"), AuditOfOpensslAndGnutlsClientsTest::opensslUnverified),
                unverified.verdicts(),
                unverified.out());
        assertTrue(
                exits(unverified).stream().allMatch("0"::equals),
                exits(unverified).toString());
    }

    @Test
    void gnutlsClientRefusesAllButTheRsa1024KeyItKnowinglyAccepts() throws Exception {
        requirePeer(
                Peer.onPath("gnutls-cli").isPresent() ? Optional.empty() : Optional.of("gnutls-cli not found on PATH"));
        Audit a = auditClient(REQUEST + "gnutls-cli 127.0.0.1 -p {port} --sni-hostname {host} --verify-hostname {host} "
                + "--x509cafile {ca} --x509crlfile {crl}");
        // GnuTLS's default priority still takes a 1024-bit RSA key (as gnutls-serv does in audit server); it
        // refuses a key that may not sign with internal_error, every other case with bad_certificate.
        assertEquals(
                expected(List.of("1.2", "1.3"), (c, v) -> switch (c) {
                    case "server-rsa-1024" -> "accepted -";
                    case "server-key-usage-without-digital-signature" -> "refused internal_error";
                    default -> "refused bad_certificate";
                }),
                a.verdicts(),
                a.out());
        assertEquals(
                List.of(
                        "weak algorithms are accepted (server-rsa-1024): require SHA-256 and RSA-2048 or better: "
                                + "mbedTLS: mbedtls_ssl_conf_cert_profile(&mbedtls_x509_crt_profile_default); OpenSSL: security level 2"),
                diagnosis(a),
                a.out());
        assertEquals(8, a.code(), a.out() + a.err());
    }
}
