package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.testing.ToolRun.caTool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** ca-tool lint on profiles and files: one line per broken rule with its fix, exit 8; clean is exit 0. */
class LintCommandTest {
    @TempDir
    Path root;

    @Test
    void theRepositorysProfilesAreCleanForMbedtls228() {
        ToolRun.Result r = caTool("lint", "--profiles", TestPki.repoProfiles().toString(), "--target", "mbedtls-2.28");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(
                List.of("lint mbedtls-2.28: no rule broken in 6 profile(s) in " + TestPki.repoProfiles()),
                r.out().lines().toList());
    }

    @Test
    void theRepositorysProfilesAreCleanForEveryTarget() {
        for (String target : List.of("mbedtls-3.6", "openssl-3", "java-17")) {
            ToolRun.Result r =
                    caTool("lint", "--profiles", TestPki.repoProfiles().toString(), "--target", target);
            assertEquals(0, r.code(), target + ": " + r.out());
        }
    }

    @Test
    void profilesAMbedtls228DeviceCannotUseAreFlaggedWithTheFieldToChange() {
        Path profiles = root.resolve("profiles");
        TestPki.writeProfiles(
                profiles,
                Map.of(
                        "ca", TestPki.ca("ed25519"),
                        "server",
                                "issuer: ca\nkey: ec-p256\nsubject:\n  CN: device\nextensions:\n  extendedKeyUsage: [serverAuth]\n"
                                        + "  subjectAltName:\n    ip: [10.0.0.7]\n",
                        "client",
                                TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost")
                                        + "files:\n  encryptKey: true\n"));
        ToolRun.Result r = caTool("lint", "--profiles", profiles.toString(), "--target", "mbedtls-2.28");
        assertEquals(8, r.code(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        String ca = profiles.resolve("ca.yaml").toString();
        String server = profiles.resolve("server.yaml").toString();
        String client = profiles.resolve("client.yaml").toString();
        assertTrue(
                lines.contains("ed25519-key " + ca + ": mbedTLS 2.28 refuses to parse: an Ed25519 key, which it does"
                        + " not support; fix: key: ec-p256"),
                r.out());
        assertTrue(
                lines.contains("eddsa-signature " + server + ": mbedTLS 2.28 refuses to parse: signed with Ed25519 by"
                        + " its issuer, which it cannot verify or parse; fix: key: ec-p256 in the issuer's profile"),
                r.out());
        assertTrue(
                lines.contains("ip-san-not-matched " + server + ": mbedTLS 2.28 ignores: IP subjectAltName 10.0.0.7:"
                        + " only DNS names are matched against the name the client connects to; fix:"
                        + " extensions.subjectAltName.dns: add the DNS name the device connects to"),
                r.out());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("encrypted-key-cipher " + client + " (key): mbedTLS 2.28"
                                        + " refuses to parse: a PBES2 PKCS#8 key encrypted with AES-256-CBC")
                                && l.contains("fix: files.encryptKey: des3")),
                r.out());
        assertEquals(
                "lint mbedtls-2.28: " + (lines.size() - 1) + " rule(s) broken in 3 profile(s) in " + profiles,
                lines.get(lines.size() - 1));
        // mbedTLS 3.6 has no EdDSA either, but matches IP SANs and decrypts AES.
        ToolRun.Result r36 = caTool("lint", "--profiles", profiles.toString(), "--target", "mbedtls-3.6");
        assertEquals(8, r36.code());
        assertTrue(
                r36.out().contains("ed25519-key ")
                        && !r36.out().contains("ip-san-not-matched")
                        && !r36.out().contains("encrypted-key-cipher"),
                r36.out());
    }

    @Test
    void smallDeviceBuffersFlagALongChain() {
        Path profiles = root.resolve("profiles");
        TestPki.writeProfiles(profiles, TestPki.demoProfiles("rsa-4096"));
        ToolRun.Result r = caTool(
                "lint", "--profiles", profiles.toString(), "--target", "mbedtls-2.28", "--in-content-len", "1024");
        assertEquals(8, r.code(), r.out());
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(l -> l.startsWith("chain-in-content-len " + profiles.resolve("server.yaml")
                                        + " (chain): mbedTLS 2.28 refuses: a Certificate message of about ")
                                && l.contains("more than MBEDTLS_SSL_IN_CONTENT_LEN (1024)")),
                r.out());
        assertEquals(
                0,
                caTool(
                                "lint",
                                "--profiles",
                                profiles.toString(),
                                "--target",
                                "mbedtls-2.28",
                                "--in-content-len",
                                "4096",
                                "--out-content-len",
                                "4096")
                        .code());
    }

    @Test
    void jsonListsEachFinding() throws Exception {
        Path profiles = root.resolve("profiles");
        TestPki.writeProfiles(profiles, Map.of("ca", TestPki.ca("ed25519")));
        ToolRun.Result r = caTool("lint", "--profiles", profiles.toString(), "--target", "mbedtls-2.28", "--json");
        assertEquals(8, r.code());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("mtlskit.lint/1", json.get("schema").asText());
        assertEquals("mbedtls-2.28", json.get("target").asText());
        assertEquals(16384, json.get("inContentLen").asInt());
        assertTrue(json.get("outContentLen").isNull());
        assertTrue(!json.get("clean").asBoolean());
        JsonNode f = json.get("findings").get(0);
        assertEquals("ed25519-key", f.get("rule").asText());
        assertEquals(profiles.resolve("ca.yaml").toString(), f.get("file").asText());
        assertTrue(f.get("object").isNull());
        assertEquals("refuses to parse", f.get("action").asText());
        assertEquals("key: ec-p256", f.get("fix").asText());
        assertTrue(f.get("source").asText().startsWith("mbedTLS 2.28 "));
    }

    @Test
    void aFileThatIsNeitherCertificateNorKeyIsOneErrorLine() throws Exception {
        Path text = Files.writeString(root.resolve("notes.txt"), "hello\n");
        ToolRun.Result r = caTool("lint", text.toString(), "--target", "mbedtls-2.28");
        assertEquals(4, r.code());
        assertEquals(
                text + ": neither PEM nor DER; lint checks certificates, private keys and PKCS#12 keystores",
                r.errorLine());
        ToolRun.Result csr = caTool(
                "lint",
                Files.writeString(
                                root.resolve("x.pem"),
                                "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n")
                        .toString(),
                "--target",
                "mbedtls-2.28");
        assertEquals(4, csr.code());
        assertTrue(
                csr.errorLine()
                        .endsWith("x.pem: no certificate, private key or PKCS#12 keystore in it; lint checks those"),
                csr.err());
        ToolRun.Result missing = caTool("lint", root.resolve("nope.pem").toString(), "--target", "mbedtls-2.28");
        assertEquals(4, missing.code());
        assertEquals(root.resolve("nope.pem") + ": no such file", missing.errorLine());
        Path empty = Files.writeString(root.resolve("empty.pem"), "");
        assertEquals(
                empty + ": is empty",
                caTool("lint", empty.toString(), "--target", "mbedtls-2.28").errorLine());
        assertEquals(
                root + ": is a folder, expected a certificate, key or PKCS#12 file",
                caTool("lint", root.toString(), "--target", "mbedtls-2.28").errorLine());
        Path damaged = Files.writeString(
                root.resolve("damaged.pem"), "-----BEGIN CERTIFICATE-----\nMIIB!!!\n-----END CERTIFICATE-----\n");
        assertEquals(
                damaged + ": damaged PEM or DER (truncated, or bad base64 or DER inside)",
                caTool("lint", damaged.toString(), "--target", "mbedtls-2.28").errorLine());
        Path notX509 = Files.write(root.resolve("seq.der"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});
        assertEquals(
                notX509 + ": a certificate that is not X.509 DER",
                caTool("lint", notX509.toString(), "--target", "mbedtls-2.28").errorLine());
    }

    @Test
    void usageErrorsExit2() {
        ToolRun.Result neither = caTool("lint", "--target", "mbedtls-2.28");
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("give FILE... or --profiles DIR (one of the two)"), neither.err());
        ToolRun.Result unknown = caTool("lint", "--profiles", "profiles", "--target", "mbedtls-9");
        assertEquals(2, unknown.code());
        assertTrue(
                unknown.err()
                        .contains("--target: unknown target \"mbedtls-9\"; known: mbedtls-2.28, mbedtls-3.6,"
                                + " openssl-3, java-17"),
                unknown.err());
        assertEquals(
                2,
                caTool("lint", "--profiles", "profiles", "--target", "mbedtls-2.28", "--in-content-len", "10")
                        .code());
    }

    @Test
    void rulesListsEachRuleWithItsSourceAndProof() {
        ToolRun.Result r = caTool("lint", "--rules", "--target", "mbedtls-2.28");
        assertEquals(0, r.code());
        assertTrue(r.out().lines().count() >= 12, r.out());
        assertTrue(
                r.out()
                        .contains("critical-name-constraints: refuses to parse: a CA with critical nameConstraints;"
                                + " fix: leave nameConstraints out of the CA (or make it non-critical, which 2.28 ignores)"
                                + " [source: mbedTLS 2.28 x509_crt.c"),
                r.out());
    }

    @Test
    void fixturesWarnsOnceForEachProfileThatBreaksADeclaredTarget() throws Exception {
        Path profiles = root.resolve("profiles");
        Map<String, String> set = new java.util.LinkedHashMap<>(TestPki.demoProfiles("ec-p256"));
        set.put("bad-ca", TestPki.ca("ed25519"));
        TestPki.writeProfiles(profiles, set);
        String keys = root.resolve("keys").toString();
        ToolRun.Result quiet = caTool("fixtures", "--profiles", profiles.toString(), "--out", keys);
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.err(), "no targets.txt, no warning");
        Files.writeString(profiles.resolve("targets.txt"), "# our devices\nmbedtls-2.28\n");
        ToolRun.Result r = caTool("fixtures", "--profiles", profiles.toString(), "--out", keys);
        assertEquals(0, r.code(), r.err());
        List<String> warnings = r.err().lines().toList();
        assertEquals(
                List.of(
                        "ca-tool: warning: " + profiles.resolve("bad-ca.yaml")
                                + " breaks mbedtls-2.28 rules (declared in "
                                + profiles.resolve("targets.txt")
                                + "): ed25519-key, eddsa-signature; see ca-tool lint --profiles " + profiles
                                + " --target mbedtls-2.28",
                        "ca-tool: warning: " + profiles.resolve("bad.yaml") + " breaks mbedtls-2.28 rules (declared in "
                                + profiles.resolve("targets.txt") + "): eddsa-signature; see ca-tool lint --profiles "
                                + profiles
                                + " --target mbedtls-2.28"),
                warnings);
        Files.writeString(profiles.resolve("targets.txt"), "mbedtls-2.28\nwolfssl\n");
        ToolRun.Result bad = caTool("fixtures", "--profiles", profiles.toString(), "--out", keys);
        assertEquals(3, bad.code());
        assertEquals(
                profiles.resolve("targets.txt") + ":2: unknown target \"wolfssl\"; known: mbedtls-2.28, mbedtls-3.6,"
                        + " openssl-3, java-17",
                bad.errorLine());
    }
}
