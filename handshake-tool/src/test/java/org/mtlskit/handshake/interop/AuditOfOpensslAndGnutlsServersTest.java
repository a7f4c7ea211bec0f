package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** handshake-tool audit server against openssl s_server (strict and optional) and gnutls-serv. */
class AuditOfOpensslAndGnutlsServersTest extends AuditServerTest {

    static final Pattern OPENSSL_PORT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");

    static Device opensslServer(String... verify) throws Exception {
        return opensslServer(true, verify);
    }

    /** @param answers whether s_server answers what it reads (-rev), or stays silent */
    static Device opensslServer(boolean answers, String... verify) throws Exception {
        requirePeer(Peer.onPath("openssl").isPresent() ? Optional.empty() : Optional.of("openssl not found on PATH"));
        List<String> command = new ArrayList<>(List.of(
                "openssl",
                "s_server",
                "-accept",
                Peer.LOOPBACK + ":0",
                "-cert",
                file("server_cert.pem").toString(),
                "-key",
                file("server_key.pem").toString(),
                "-CAfile",
                file("ca_cert.pem").toString()));
        if (answers) {
            command.add("-rev");
        }
        command.addAll(List.of(verify));
        return start("openssl s_server " + String.join(" ", verify), command, Map.of(), OPENSSL_PORT);
    }

    /** The alerts OpenSSL 3 sends, the same on TLS 1.2 and 1.3. */
    static final Map<String, String> OPENSSL_ALERTS = Map.ofEntries(
            Map.entry("bad-signature", "decrypt_error"),
            Map.entry("expired", "certificate_expired"),
            Map.entry("intermediate-not-a-ca", "unknown_ca"),
            Map.entry("key-usage-without-digital-signature", "unsupported_certificate"),
            Map.entry("md5", "bad_certificate"),
            Map.entry("missing-intermediate", "unknown_ca"),
            Map.entry("name-constraint-violation", "certificate_unknown"),
            Map.entry("not-yet-valid", "bad_certificate"),
            Map.entry("path-len-exceeded", "unknown_ca"),
            Map.entry("rsa-1024", "bad_certificate"),
            Map.entry("self-signed", "unknown_ca"),
            Map.entry("server-auth-only", "unsupported_certificate"),
            Map.entry("sha1", "bad_certificate"),
            Map.entry("unknown-critical-extension", "certificate_unknown"),
            Map.entry("untrusted-issuer", "unknown_ca"),
            Map.entry("wrong-chain-order", "unsupported_certificate"),
            Map.entry(NO_CERT + " 1.2", "handshake_failure"),
            Map.entry(NO_CERT + " 1.3", "certificate_required"));

    @Test
    void opensslServerThatRequiresAndChecksPassesEveryCaseOnBothVersions() throws Exception {
        try (Device device = opensslServer("-Verify", "1", "-verify_return_error")) {
            Audit a = audit(device.port());
            assertEquals(allPass(List.of("1.2", "1.3"), OPENSSL_ALERTS), a.verdicts(), a.out());
            assertEquals(0, a.code(), a.out() + a.err());
        }
    }

    @Test
    void opensslServerWithVerificationOptionalIsFlaggedOnEveryRefuseCase() throws Exception {
        try (Device device = opensslServer("-verify", "1")) {
            Audit a = audit(device.port());
            StringBuilder expected = new StringBuilder();
            for (String v : List.of("1.2", "1.3")) {
                for (String[] c : CASES) {
                    // The reversed chain still fails: its CertificateVerify was not made by the first key. And
                    // s_server's optional mode still stops on a broken pathLen, which it reports as unknown_ca.
                    String line = c[0].equals("wrong-chain-order")
                            ? "refused decrypt_error PASS"
                            : c[0].equals("path-len-exceeded")
                                    ? "refused unknown_ca PASS"
                                    : c[1].equals("accept") ? "accepted - PASS" : "accepted - FAIL";
                    expected.append(c[0])
                            .append(' ')
                            .append(v)
                            .append(' ')
                            .append(c[1])
                            .append(' ')
                            .append(line)
                            .append('\n');
                }
                // -verify 1 asks for a certificate and lets a client without one in
                expected.append(noClientCertificate(v, "accepted - FAIL"));
            }
            assertEquals(expected.toString(), a.verdicts(), a.out());
            assertEquals(8, a.code(), a.out() + a.err());
        }
    }

    /**
     * gnutls-serv asking for and verifying client certificates. GnuTLS 3.7 does not check the client
     * certificate's extendedKeyUsage (gnutls-serv verifies without a purpose) and its default
     * verification profile accepts a 1024-bit RSA key: two known differences, flagged on both
     * versions. It refuses with access_denied, and with internal_error when the CertificateVerify cannot
     * be checked (a key that may not sign, or a first certificate whose key did not sign).
     */
    @Test
    void gnutlsServerPassesAllButTheTwoCasesItKnowinglyAccepts() throws Exception {
        requirePeer(
                Peer.onPath("gnutls-serv").isPresent()
                        ? Optional.empty()
                        : Optional.of("gnutls-serv not found on PATH (is gnutls-bin installed?)"));
        NativeBuild.Result shim = LoopbackOnly.build();
        requirePeer(shim.ok() ? Optional.empty() : Optional.of(shim.missing()));
        String existing = System.getenv("LD_PRELOAD");
        try (Device device = start(
                "gnutls-serv",
                List.of(
                        "gnutls-serv",
                        "--echo",
                        "-p",
                        "0",
                        "--x509cafile",
                        file("ca_cert.pem").toString(),
                        "--x509certfile",
                        file("server_cert.pem").toString(),
                        "--x509keyfile",
                        file("server_key.pem").toString(),
                        "--require-client-cert",
                        "--verify-client-cert"),
                Map.of(
                        "LD_PRELOAD",
                        existing == null || existing.isEmpty()
                                ? shim.binary().toString()
                                : shim.binary() + ":" + existing),
                Pattern.compile(LoopbackOnly.PORT_LINE))) {
            Audit a = audit(device.port());
            StringBuilder expected = new StringBuilder();
            for (String v : List.of("1.2", "1.3")) {
                for (String[] c : CASES) {
                    String line = c[1].equals("accept")
                            ? "accepted - PASS"
                            : c[0].equals("rsa-1024") || c[0].equals("server-auth-only")
                                    ? "accepted - FAIL"
                                    : c[0].equals("key-usage-without-digital-signature")
                                                    || c[0].equals("wrong-chain-order")
                                            ? "refused internal_error PASS"
                                            : "refused access_denied PASS";
                    expected.append(c[0])
                            .append(' ')
                            .append(v)
                            .append(' ')
                            .append(c[1])
                            .append(' ')
                            .append(line)
                            .append('\n');
                }
                expected.append(noClientCertificate(
                        v, v.equals("1.2") ? "refused decode_error PASS" : "refused certificate_required PASS"));
            }
            assertEquals(expected.toString(), a.verdicts(), a.out());
            assertEquals(8, a.code(), a.out() + a.err());
        }
    }

    @Test
    void aSilentServerThatKeepsTheConnectionOpenAcceptsAndOnePinnedVersionIsAudited() throws Exception {
        try (Device device = opensslServer(false, "-Verify", "1", "-verify_return_error")) {
            Audit a = audit(device.port(), "--tls", "1.3", "--probe-wait", "300", "--probe", "ping\\n");
            assertEquals(allPass(List.of("1.3"), OPENSSL_ALERTS), a.verdicts(), a.out());
            assertEquals(0, a.code(), a.out() + a.err());
            assertEquals(
                    "handshake complete; it kept the connection open without answering",
                    a.json().get("cases").get(0).get("detail").asText());
            assertEquals("ping\\n", a.json().get("probe").asText());
        }
    }
}
