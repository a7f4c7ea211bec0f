package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * handshake-tool audit server against our mbedTLS 2.28 peer as the device: strict, and the two
 * misconfigurations mbedTLS users make (verification optional with the result ignored, or read
 * after the handshake). mbedTLS 2.28 speaks TLS 1.2 only, so TLS 1.3 is reported as not offered.
 */
class AuditOfMbedtlsServerTest extends AuditServerTest {

    static Device mbedtls(String verify) throws Exception {
        NativeBuild.Result build = NativeBuild.compile(
                "mbedtls_peer",
                NativeBuild.moduleDir().resolve("src/test/c/mbedtls_peer.c"),
                List.of("-lmbedtls", "-lmbedx509", "-lmbedcrypto"));
        requirePeer(build.ok() ? Optional.empty() : Optional.of(build.missing() + " (is libmbedtls-dev installed?)"));
        return start(
                "mbedtls_peer server --verify " + verify,
                List.of(
                        build.binary().toString(),
                        "server",
                        "--ca-certificate",
                        file("ca_cert.pem").toString(),
                        "--certificate",
                        file("server_cert.pem").toString(),
                        "--private-key",
                        file("server_key.pem").toString(),
                        "--bind",
                        Peer.LOOPBACK,
                        "--port",
                        "0",
                        "--count",
                        "1000",
                        "--timeout-ms",
                        "10000",
                        "--verify",
                        verify),
                Map.of(),
                Pattern.compile("^Listening on port (\\d+)$"));
    }

    /** The alerts mbedTLS 2.28 sends for the cases it refuses while verifying strictly. */
    static final Map<String, String> STRICT_ALERTS = Map.ofEntries(
            Map.entry("bad-signature", "unknown_ca"),
            Map.entry("expired", "certificate_expired"),
            Map.entry("intermediate-not-a-ca", "unknown_ca"),
            Map.entry("key-usage-without-digital-signature", "unsupported_certificate"),
            Map.entry("md5", "certificate_unknown"),
            Map.entry("missing-intermediate", "unknown_ca"),
            // mbedTLS 2.28 has no nameConstraints support: it refuses the chain because it cannot parse
            // the critical extension, not because the name is outside it. Right verdict, other reason.
            Map.entry("name-constraint-violation", "bad_certificate"),
            Map.entry("not-yet-valid", "certificate_unknown"),
            Map.entry("path-len-exceeded", "unknown_ca"),
            Map.entry("rsa-1024", "unsupported_certificate"),
            Map.entry("self-signed", "unknown_ca"),
            Map.entry("server-auth-only", "unsupported_certificate"),
            Map.entry("sha1", "certificate_unknown"),
            Map.entry("unknown-critical-extension", "bad_certificate"),
            Map.entry("untrusted-issuer", "unknown_ca"),
            Map.entry("wrong-chain-order", "unsupported_certificate"));

    @Test
    void strictMbedtlsServerPassesEveryCaseOnTls12AndDoesNotOfferTls13() throws Exception {
        try (Device device = mbedtls("required")) {
            Audit a = audit(device.port());
            // without a client certificate, mbedTLS 2.28 (required) ends the TLS 1.2 handshake without an alert
            assertEquals(
                    allPass(List.of("1.2"), STRICT_ALERTS)
                            .replace(
                                    noClientCertificate("1.2", "refused null PASS"),
                                    noClientCertificate("1.2", "closed - PASS")),
                    a.verdicts(),
                    a.out());
            assertEquals(0, a.code(), a.out() + a.err());
            assertTrue(a.out().contains("TLS 1.3: not offered by the device (it prefers TLS 1.2"), a.out());
            assertTrue(
                    a.out()
                            .endsWith("Audit passed: the device did what a correct server does in all 24 cases on "
                                    + "TLS 1.2 (not offered: 1.3)\n"),
                    a.out());
        }
    }

    /**
     * Verification optional and its result never read: the classic misconfiguration. Every case
     * mbedTLS can parse is accepted and flagged; the two it cannot parse (nameConstraints, the unknown
     * critical extension) it refuses even so, and the reversed chain fails its CertificateVerify.
     */
    static String optionalIgnored() {
        StringBuilder b = new StringBuilder();
        for (String[] c : CASES) {
            String line = switch (c[0]) {
                case "name-constraint-violation", "unknown-critical-extension" -> "refused bad_certificate PASS";
                case "wrong-chain-order" -> "closed - PASS";
                default -> c[1].equals("accept") ? "accepted - PASS" : "accepted - FAIL";
            };
            b.append(c[0]).append(" 1.2 ").append(c[1]).append(' ').append(line).append('\n');
        }
        return b.append(noClientCertificate("1.2", "accepted - FAIL")).toString();
    }

    @Test
    void mbedtlsServerThatIgnoresTheVerifyResultIsFlaggedOnEveryCaseItAccepts() throws Exception {
        try (Device device = mbedtls("optional-ignored")) {
            Audit a = audit(device.port());
            assertEquals(optionalIgnored(), a.verdicts(), a.out());
            assertEquals(8, a.code(), a.out() + a.err());
            assertTrue(
                    a.out()
                            .lines()
                            .anyMatch(l -> l.startsWith("Audit failed: 14 of 24 cases wrong on TLS 1.2 "
                                    + "(not offered: 1.3): bad-signature (1.2), expired (1.2)")),
                    a.out());
        }
    }

    @Test
    void junitReportOfTheMisconfiguredServerNamesEachFailedCase() throws Exception {
        try (Device device = mbedtls("optional-ignored")) {
            Audit a = audit(device.port(), "--tls", "1.2");
            Element suite = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(a.junit().getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
            assertEquals("24", suite.getAttribute("tests"));
            assertEquals("14", suite.getAttribute("failures"));
            List<String> failed = new ArrayList<>();
            NodeList cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                if (c.getElementsByTagName("failure").getLength() > 0) {
                    failed.add(c.getAttribute("name"));
                    Element f = (Element) c.getElementsByTagName("failure").item(0);
                    assertTrue(
                            f.getAttribute("message")
                                    .startsWith("the device accepted a certificate it must refuse (RFC "),
                            f.getAttribute("message"));
                }
            }
            assertEquals(
                    List.of(
                            "bad-signature (TLS 1.2)",
                            "expired (TLS 1.2)",
                            "intermediate-not-a-ca (TLS 1.2)",
                            "key-usage-without-digital-signature (TLS 1.2)",
                            "md5 (TLS 1.2)",
                            "missing-intermediate (TLS 1.2)",
                            "not-yet-valid (TLS 1.2)",
                            "path-len-exceeded (TLS 1.2)",
                            "rsa-1024 (TLS 1.2)",
                            "self-signed (TLS 1.2)",
                            "server-auth-only (TLS 1.2)",
                            "sha1 (TLS 1.2)",
                            "untrusted-issuer (TLS 1.2)",
                            "no-client-certificate (TLS 1.2)"),
                    failed);
        }
    }

    /** Verification optional, the result read after the handshake: every bad case is a late refusal. */
    static String optionalChecked() {
        StringBuilder b = new StringBuilder();
        for (String[] c : CASES) {
            String line = switch (c[0]) {
                case "name-constraint-violation", "unknown-critical-extension" -> "refused bad_certificate PASS";
                case "wrong-chain-order" -> "closed - PASS";
                default -> c[1].equals("accept") ? "accepted - PASS" : "refused-late bad_certificate PASS";
            };
            b.append(c[0]).append(" 1.2 ").append(c[1]).append(' ').append(line).append('\n');
        }
        return b.append(noClientCertificate("1.2", "refused-late bad_certificate PASS"))
                .toString();
    }

    @Test
    void mbedtlsServerThatChecksAfterTheHandshakeRefusesLateAndPasses() throws Exception {
        try (Device device = mbedtls("optional-checked")) {
            Audit a = audit(device.port());
            assertEquals(optionalChecked(), a.verdicts(), a.out());
            assertEquals(0, a.code(), a.out() + a.err());
            assertTrue(
                    a.json()
                            .get("cases")
                            .get(3)
                            .get("detail")
                            .asText()
                            .equals("alert bad_certificate after its Finished"),
                    a.json().toString());
        }
    }
}
