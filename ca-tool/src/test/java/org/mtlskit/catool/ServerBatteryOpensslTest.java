package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.pki.testing.Programs.openssl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.AuditBatteries;
import org.mtlskit.testing.ToolRun;

/**
 * The server-role cases of the shipped battery (profiles/audit/server-*.yaml), made by fixtures and
 * judged by openssl verify as a TLS client would judge them: each refuse case is refused for its own
 * reason, with the name the audit gives the client ({host}).
 */
class ServerBatteryOpensslTest {

    @TempDir
    static Path root;

    static Path audit;

    @BeforeAll
    static void makeTheBattery() throws IOException {
        ToolRun.Result made = AuditBatteries.make(root, Map.of()).run();
        audit = root.resolve("keys/audit");
        assertTrue(
                made.out().contains("server-wildcard-two-labels: created")
                        && made.out()
                                .contains("DELIBERATELY BROKEN (a DNS name with a wildcard RFC 6125 6.4.3 forbids"),
                made.out());
    }

    static List<Profile> serverCases() {
        return ProfileSet.load(TestPki.repoProfiles().resolve("audit")).all().stream()
                .filter(p -> p.extras().audit() != null && p.extras().audit().role() == AuditCase.Role.SERVER)
                .toList();
    }

    @Test
    void batteryHasTwentyServerCasesAndOneBaselineEachWithItsRuleAndWhatItChecks() {
        List<Profile> cases = serverCases();
        assertEquals(23, cases.size(), cases.toString());
        assertEquals(
                List.of("server-good"),
                cases.stream()
                        .filter(p -> p.extras().audit().baseline())
                        .map(Profile::name)
                        .toList());
        for (Profile p : cases) {
            assertTrue(p.extras().audit().rule().startsWith("RFC "), p.name());
            assertTrue(p.extras().audit().checks() != null, p.name());
        }
        assertEquals(
                22,
                cases.stream()
                        .filter(p -> p.extras().audit().expect() == AuditCase.Expect.REFUSE)
                        .count());
    }

    @Test
    void opensslVerifyAsATlsClientRefusesEachServerCaseForItsReason() {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String name : List.of(
                "name-not-in-san",
                "cn-only-match",
                "wildcard-two-labels",
                "wildcard-public-suffix",
                "wildcard-not-left-most",
                "ip-san-for-name")) {
            reasons.put("server-" + name, "hostname mismatch");
        }
        reasons.put("server-ip-in-dns-san", "IP address mismatch");
        reasons.put("server-expired", "certificate has expired");
        reasons.put("server-not-yet-valid", "certificate is not yet valid");
        reasons.put("server-untrusted-issuer", "unable to get local issuer certificate");
        reasons.put("server-self-signed", "self-signed certificate");
        reasons.put("server-bad-signature", "certificate signature failure");
        reasons.put("server-client-auth-only", "unsuitable certificate purpose");
        reasons.put("server-sha1", "too weak");
        reasons.put("server-rsa-1024", "key too weak");
        reasons.put("server-unknown-critical-extension", "unhandled critical extension");
        reasons.put("server-missing-intermediate", "unable to get local issuer certificate");
        reasons.put("server-intermediate-not-a-ca", "invalid CA certificate");
        reasons.put("server-path-len-exceeded", "path length constraint exceeded");
        reasons.put("server-name-constraint-violation", "permitted subtree violation");
        List<String> accepted = new ArrayList<>();
        for (Profile p : serverCases()) {
            String host = p.extras().audit().host() == null
                    ? "localhost"
                    : p.extras().audit().host();
            String file = p.name().replace('-', '_') + "_cert.pem";
            Programs.Result v = openssl(
                    audit,
                    "verify",
                    "-auth_level",
                    "2",
                    "-purpose",
                    "sslserver",
                    "-CAfile",
                    "../ca_cert.pem",
                    "-untrusted",
                    file,
                    host.equals("127.0.0.1") ? "-verify_ip" : "-verify_hostname",
                    host,
                    file);
            if (v.code() == 0) {
                accepted.add(p.name());
            } else {
                assertTrue(
                        reasons.containsKey(p.name()) && v.output().contains(reasons.get(p.name())),
                        p.name() + ":\n" + v.output());
            }
        }
        // openssl verify knows no TLS handshake (keyUsage for ECDHE is the TLS stack's check) and is given
        // no CRL here (the audit makes the revoked case's CRL when it runs).
        assertEquals(List.of("server-good", "server-key-usage-without-digital-signature", "server-revoked"), accepted);
        String ku = Programs.opensslOk(
                audit,
                "x509",
                "-noout",
                "-ext",
                "keyUsage",
                "-in",
                "server_key_usage_without_digital_signature_cert.pem");
        assertTrue(ku.contains("Key Agreement") && !ku.contains("Digital Signature"), ku);
    }
}
