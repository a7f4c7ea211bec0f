package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * handshake-tool audit client against our mbedTLS 2.28 peer as the client: strict, and the
 * misconfigurations mbedTLS users make (verification optional with the result ignored or read after
 * the handshake, no mbedtls_ssl_set_hostname). mbedTLS 2.28 speaks TLS 1.2 only, so TLS 1.3 is
 * reported as not offered.
 */
class AuditOfMbedtlsClientTest extends AuditClientTest {

    static String mbedtls(String... mode) {
        NativeBuild.Result build = NativeBuild.compile(
                "mbedtls_peer",
                NativeBuild.moduleDir().resolve("src/test/c/mbedtls_peer.c"),
                List.of("-lmbedtls", "-lmbedx509", "-lmbedcrypto"));
        requirePeer(build.ok() ? Optional.empty() : Optional.of(build.missing() + " (is libmbedtls-dev installed?)"));
        return build.binary() + " client --ca-certificate {ca} --crl {crl} --certificate " + abs("good_cert.pem")
                + " --private-key " + abs("good_key.pem") + " --server {host} --host 127.0.0.1 --port {port}"
                + " --timeout-ms 5000 " + String.join(" ", mode);
    }

    /** The alerts mbedTLS 2.28 sends for the cases it refuses while verifying strictly. */
    static final Map<String, String> STRICT_ALERTS = Map.ofEntries(
            Map.entry("server-bad-signature", "unknown_ca"),
            Map.entry("server-client-auth-only", "unsupported_certificate"),
            Map.entry("server-cn-only-match", "bad_certificate"),
            Map.entry("server-expired", "certificate_expired"),
            Map.entry("server-intermediate-not-a-ca", "unknown_ca"),
            Map.entry("server-ip-san-for-name", "bad_certificate"),
            Map.entry("server-key-usage-without-digital-signature", "unsupported_certificate"),
            Map.entry("server-missing-intermediate", "unknown_ca"),
            // No nameConstraints support in 2.28: it refuses the critical extension it cannot parse.
            Map.entry("server-name-constraint-violation", "bad_certificate"),
            Map.entry("server-name-not-in-san", "bad_certificate"),
            Map.entry("server-not-yet-valid", "certificate_unknown"),
            Map.entry("server-path-len-exceeded", "unknown_ca"),
            Map.entry("server-revoked", "certificate_revoked"),
            Map.entry("server-rsa-1024", "unsupported_certificate"),
            Map.entry("server-self-signed", "unknown_ca"),
            Map.entry("server-sha1", "certificate_unknown"),
            Map.entry("server-unknown-critical-extension", "bad_certificate"),
            Map.entry("server-untrusted-issuer", "unknown_ca"),
            Map.entry("server-wildcard-not-left-most", "bad_certificate"),
            Map.entry("server-wildcard-two-labels", "bad_certificate"));

    /**
     * What mbedTLS 2.28 itself gets wrong, verifying strictly with the hostname set: its wildcard
     * match takes "*.com" for audit.com, and it matches the address 127.0.0.1 against a DNS name
     * (it knows no iPAddress SAN). Flagged in every mode that checks names.
     */
    static final List<String> MBEDTLS_NAME_BUGS = List.of("server-ip-in-dns-san", "server-wildcard-public-suffix");

    static final String NAME_BUGS_DIAGNOSIS =
            "its hostname matching accepts names RFC 6125 forbids (server-ip-in-dns-san, "
                    + "server-wildcard-public-suffix): use the TLS library's own check with the name the user gave (mbedTLS 2.28 "
                    + "itself matches *.com and an address in a DNS name)";

    @Test
    void strictMbedtlsClientRefusesEveryCaseDuringTheHandshakeButTheTwoNamesItMatchesWrongly() throws Exception {
        Audit a = auditClient(mbedtls("--verify required"));
        assertEquals(
                expected(
                        List.of("1.2"),
                        (c, v) -> MBEDTLS_NAME_BUGS.contains(c) ? "accepted -" : "refused " + STRICT_ALERTS.get(c)),
                a.verdicts(),
                a.out());
        assertEquals(List.of(NAME_BUGS_DIAGNOSIS), diagnosis(a), a.out());
        assertEquals(8, a.code(), a.out() + a.err());
        assertTrue(a.out().contains("TLS 1.3: not offered by the client"), a.out());
        // The exit code is recorded, not trusted: 0 for the good server, 1 for each refusal.
        assertEquals("0", exits(a).get(0), a.out());
        assertTrue(
                exits(a).subList(1, exits(a).size()).stream().allMatch(e -> e.equals("1") || e.equals("0")), a.out());
        assertTrue(
                a.json()
                        .get("cases")
                        .get(1)
                        .get("client")
                        .get("lastLine")
                        .asText()
                        .startsWith("Certificate verification errors: "),
                a.json().toString());
    }

    @Test
    void mbedtlsClientThatIgnoresTheVerifyResultIsFlaggedAndDiagnosedAsVerificationOff() throws Exception {
        Audit a = auditClient(mbedtls("--verify optional-ignored"));
        assertEquals(
                expected(List.of("1.2"), (c, v) -> switch (c) {
                    // mbedTLS cannot parse these two at all, so even optional verification ends the handshake.
                    case "server-name-constraint-violation", "server-unknown-critical-extension" ->
                        "refused bad_certificate";
                    default -> "accepted -";
                }),
                a.verdicts(),
                a.out());
        List<String> d = diagnosis(a);
        assertEquals(1, d.size(), d.toString());
        assertTrue(
                d.get(0)
                        .startsWith("verification is off: it accepted server certificates no trusted CA signed "
                                + "(server-bad-signature, server-self-signed, server-untrusted-issuer) and 17 more; require it: mbedTLS "
                                + "mbedtls_ssl_conf_authmode(MBEDTLS_SSL_VERIFY_REQUIRED)"),
                d.get(0));
        assertEquals(8, a.code(), a.out() + a.err());
    }

    @Test
    void mbedtlsClientThatChecksAfterTheHandshakeRefusesLateAndPasses() throws Exception {
        Audit a = auditClient(mbedtls("--verify optional-checked"));
        assertEquals(
                expected(List.of("1.2"), (c, v) -> switch (c) {
                    case "server-name-constraint-violation", "server-unknown-critical-extension" ->
                        "refused bad_certificate";
                    case "server-ip-in-dns-san", "server-wildcard-public-suffix" -> "accepted -";
                    default -> "refused-late bad_certificate";
                }),
                a.verdicts(),
                a.out());
        assertEquals(
                "alert bad_certificate after its Finished without sending data",
                a.json().get("cases").get(1).get("detail").asText(),
                a.json().toString());
        // Its only wrong answers are mbedTLS's own name matching, as in strict mode; and it is told it checks late.
        assertEquals(
                List.of(
                        NAME_BUGS_DIAGNOSIS,
                        "it checks after the handshake: 18 of its 20 refusals came after its "
                                + "Finished (late refusals pass, but what it sends before checking reaches an untrusted server); to "
                                + "refuse during the handshake, mbedTLS: MBEDTLS_SSL_VERIFY_REQUIRED instead of checking "
                                + "mbedtls_ssl_get_verify_result() afterwards"),
                diagnosis(a),
                a.out());
        assertEquals(8, a.code(), a.out() + a.err());
    }

    @Test
    void mbedtlsClientWithoutHostnameIsFlaggedOnTheNameCasesOnlyAndDiagnosedSo() throws Exception {
        Audit a = auditClient(mbedtls("--no-hostname"));
        assertEquals(
                expected(
                        List.of("1.2"),
                        (c, v) -> NAME_CASES.contains(c) ? "accepted -" : "refused " + STRICT_ALERTS.get(c)),
                a.verdicts(),
                a.out());
        assertEquals(
                List.of("no hostname is checked (server-cn-only-match, server-ip-in-dns-san, server-ip-san-for-name, "
                        + "server-name-not-in-san, server-wildcard-not-left-most, server-wildcard-public-suffix, "
                        + "server-wildcard-two-labels): mbedTLS: call mbedtls_ssl_set_hostname(&ssl, name) before the handshake; "
                        + "OpenSSL: SSL_set1_host() (s_client -verify_hostname); GnuTLS: gnutls_session_set_verify_cert(session, "
                        + "name, 0)"),
                diagnosis(a),
                a.out());
        assertEquals(8, a.code(), a.out() + a.err());
    }
}
