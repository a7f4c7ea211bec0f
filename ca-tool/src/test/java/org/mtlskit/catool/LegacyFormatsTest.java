package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * Keystores and keys for older readers: a legacy PKCS#12 (PBE-SHA1-3DES, SHA-1 MAC) read by the
 * real {@code openssl pkcs12 -legacy} and keytool, and a des3 key read by the real openssl (mbedTLS
 * 2.28 reading it is in handshake-tool's EncryptedKeyForMbedtlsTest).
 */
class LegacyFormatsTest {
    static final String PASSWORD = "fixture-pass";

    @TempDir
    Path root;

    Path keys;
    Path profiles;
    Path passwordFile;

    @BeforeEach
    void writeProfiles() throws IOException {
        Map<String, String> demo = TestPki.demoProfiles("ec-p256");
        demo.put(
                "client",
                demo.get("client") + "files:\n  pkcs12: client.p12\n  pkcs12Format: legacy\n" + "  encryptKey: des3\n");
        profiles = root.resolve("profiles");
        keys = root.resolve("keys");
        TestPki.writeProfiles(profiles, demo);
        passwordFile = root.resolve("password.txt");
        Files.writeString(passwordFile, PASSWORD + "\n");
    }

    ToolRun.Result caTool(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--out",
                keys.toString(),
                "--profiles",
                profiles.toString(),
                "--password-file",
                passwordFile.toString()));
        return ToolRun.caTool(all.toArray(String[]::new));
    }

    static String run(String... command) {
        return Programs.ok(command);
    }

    static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    void assertLegacyKeystoreReadByOpensslAndKeytool(Path p12, String alias) throws Exception {
        String info = run(
                "openssl",
                "pkcs12",
                "-legacy",
                "-info",
                "-noout",
                "-in",
                p12.toString(),
                "-passin",
                "file:" + passwordFile);
        assertTrue(info.contains("MAC: sha1"), info);
        assertTrue(info.contains("pbeWithSHA1And3-KeyTripleDES-CBC"), info);
        assertTrue(!info.contains("PBES2"), info);
        String pem =
                run("openssl", "pkcs12", "-legacy", "-nodes", "-in", p12.toString(), "-passin", "file:" + passwordFile);
        assertTrue(pem.contains("-----BEGIN PRIVATE KEY-----"), pem);
        assertEquals(2, pem.split("-----BEGIN CERTIFICATE-----", -1).length - 1, pem);
        String list = run(
                keytool(), "-list", "-v", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        assertTrue(list.contains("Alias name: " + alias), list);
        assertTrue(list.contains("Entry type: PrivateKeyEntry"), list);
        assertTrue(list.contains("Certificate chain length: 2"), list);
    }

    @Test
    void fixturesWritesALegacyKeystoreThatOpensslAndKeytoolRead() throws Exception {
        ToolRun.Result r = caTool("fixtures");
        assertEquals(0, r.code(), r.out() + r.err());
        assertLegacyKeystoreReadByOpensslAndKeytool(keys.resolve("client.p12"), "client");
    }

    @Test
    void exportWritesALegacyKeystoreOnRequest() throws Exception {
        assertEquals(0, caTool("fixtures").code());
        Path p12 = root.resolve("server-legacy.p12");
        ToolRun.Result r = caTool("export", "server", "--pkcs12", p12.toString(), "--pkcs12-format", "legacy");
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("(legacy PKCS#12 keystore, 2 certificates and the private key, mode 0600)"), r.out());
        assertLegacyKeystoreReadByOpensslAndKeytool(p12, "server");

        Path modern = root.resolve("server.p12");
        assertEquals(
                0, caTool("export", "server", "--pkcs12", modern.toString()).code());
        String info = run(
                "openssl", "pkcs12", "-info", "-noout", "-in", modern.toString(), "-passin", "file:" + passwordFile);
        assertTrue(info.contains("MAC: sha256"), info);
    }

    @Test
    void exportRefusesAnUnknownFormatAsAUsageError() {
        assertEquals(0, caTool("fixtures").code());
        ToolRun.Result r =
                caTool("export", "server", "--pkcs12", root.resolve("x.p12").toString(), "--pkcs12-format", "ancient");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("expected one of modern, legacy, got \"ancient\""), r.err());
        assertTrue(!Files.exists(root.resolve("x.p12")));
    }

    @Test
    void aLegacyTruststoreIsRefusedAsAUsageError() {
        assertEquals(0, caTool("fixtures").code());
        ToolRun.Result r =
                caTool("export", "ca", "--truststore", root.resolve("t.p12").toString(), "--pkcs12-format", "legacy");
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err()
                        .startsWith("ca-tool: error: --pkcs12-format legacy is for --pkcs12 keystores; a truststore "
                                + "is written in the modern format\n"),
                r.err());
        assertTrue(!Files.exists(root.resolve("t.p12")));
    }

    @Test
    void aDes3KeyIsPbes2WithTripleDesAndOpensslReadsIt() throws Exception {
        assertEquals(0, caTool("fixtures").code());
        Path key = keys.resolve("client_key.pem");
        String asn1 = run("openssl", "asn1parse", "-in", key.toString());
        assertTrue(asn1.contains("PBES2"), asn1);
        assertTrue(asn1.contains("des-ede3-cbc"), asn1);
        assertTrue(
                run("openssl", "pkey", "-in", key.toString(), "-passin", "file:" + passwordFile, "-noout", "-text_pub")
                        .contains("Public-Key"));
    }

    @Test
    void changingTheFormatInTheProfileRewritesTheKeystoreAndTheKey() throws Exception {
        String legacy = Files.readString(profiles.resolve("client.yaml"));
        Files.writeString(
                profiles.resolve("client.yaml"),
                legacy.replace("  pkcs12Format: legacy\n", "").replace("encryptKey: des3", "encryptKey: aes"));
        assertEquals(0, caTool("fixtures").code());
        Files.writeString(profiles.resolve("client.yaml"), legacy);
        ToolRun.Result check = caTool("fixtures", "--check");
        assertEquals(9, check.code(), check.out());
        assertTrue(
                check.out()
                        .contains("client: would create (key unreadable: not encrypted with des3 as "
                                + "files.encryptKey asks): would write "),
                check.out());
        ToolRun.Result r = caTool("fixtures");
        assertEquals(0, r.code(), r.out() + r.err());
        assertLegacyKeystoreReadByOpensslAndKeytool(keys.resolve("client.p12"), "client");
        assertTrue(run(
                        "openssl",
                        "asn1parse",
                        "-in",
                        keys.resolve("client_key.pem").toString())
                .contains("des-ede3-cbc"));
    }

    @Test
    void unknownFormatsInAProfileAreOneErrorLineNamingTheField() throws IOException {
        Path client = profiles.resolve("client.yaml");
        String text = Files.readString(client);
        Files.writeString(client, text.replace("encryptKey: des3", "encryptKey: blowfish"));
        ToolRun.Result r = caTool("fixtures");
        assertEquals(3, r.code(), r.err());
        assertTrue(
                r.errorLine()
                        .matches(".*client\\.yaml:\\d+: files\\.encryptKey: unknown value \"blowfish\"; "
                                + "allowed: true, false, aes, des3"),
                r.err());
        Files.writeString(client, text.replace("pkcs12Format: legacy", "pkcs12Format: old"));
        r = caTool("fixtures");
        assertEquals(3, r.code(), r.err());
        assertTrue(
                r.errorLine().endsWith("files.pkcs12Format: unknown value \"old\"; allowed: modern, legacy"), r.err());
        Files.writeString(client, text.replace("  pkcs12: client.p12\n", ""));
        r = caTool("fixtures");
        assertEquals(3, r.code(), r.err());
        assertTrue(
                r.errorLine()
                        .endsWith("files.pkcs12Format: says how files.pkcs12 is written; give files.pkcs12 too, "
                                + "or remove files.pkcs12Format"),
                r.err());
        assertTrue(!Files.exists(keys), "nothing was written");
    }

    @Test
    void lintForMbedtls228AcceptsADes3KeyInAProfileAndOnDisk() throws IOException {
        assertEquals(0, caTool("fixtures").code());
        ToolRun.Result profilesLint =
                ToolRun.caTool("lint", "--profiles", profiles.toString(), "--target", "mbedtls-2.28");
        assertEquals(0, profilesLint.code(), profilesLint.out() + profilesLint.err());
        ToolRun.Result fileLint =
                ToolRun.caTool("lint", keys.resolve("client_key.pem").toString(), "--target", "mbedtls-2.28");
        assertEquals(0, fileLint.code(), fileLint.out() + fileLint.err());
        Files.writeString(
                profiles.resolve("client.yaml"),
                Files.readString(profiles.resolve("client.yaml")).replace("encryptKey: des3", "encryptKey: aes"));
        ToolRun.Result aes = ToolRun.caTool("lint", "--profiles", profiles.toString(), "--target", "mbedtls-2.28");
        assertEquals(8, aes.code(), aes.out());
        assertTrue(aes.out().contains("fix: files.encryptKey: des3"), aes.out());
    }
}
