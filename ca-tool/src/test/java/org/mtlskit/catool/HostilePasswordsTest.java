package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.testing.Programs;
import org.mtlskit.testing.TestPki;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that takes a password, run with hostile ones: non-ASCII, control characters, 4096
 * bytes. Encrypted keys, legacy PKCS#12 and JKS take any password; a modern PKCS#12 file takes
 * printable ASCII only (Java cannot open another), so other passwords are refused up front with one
 * line and exit 4, before any file is made. No command exits 1. What was written, openssl and keytool
 * open with the same password.
 */
class HostilePasswordsTest {

    static final String NON_ASCII = "pässwörd-日本-\uD83D\uDD11";
    static final String CONTROL = "a\u0001b\u001b[31mc\u007fd\te";
    static final String LONG = "x".repeat(4096);

    @TempDir
    Path root;
    Path keys;
    Path profiles;
    String password;

    @ParameterizedTest(name = "{index}")
    @ValueSource(strings = {NON_ASCII, CONTROL, LONG})
    void everyPasswordTakingCommandTakesItOrRefusesItUpFront(String hostile) throws Exception {
        password = hostile;
        profiles = root.resolve("profiles");
        keys = root.resolve("keys");
        Map<String, String> p = new LinkedHashMap<>(TestPki.demoProfilesWithRevokedClient("ec-p256"));
        p.put("ca", p.get("ca") + "files:\n  encryptKey: true\n");
        p.put("server", p.get("server") + "files:\n  encryptKey: true\n  pkcs12: server.p12\n  pkcs12Format: legacy\n");
        p.put("client", p.get("client") + "files:\n  encryptKey: des3\n");
        TestPki.writeProfiles(profiles, p);
        boolean printable = hostile.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);

        assertEquals(0, run("fixtures"));
        assertEquals(0, run("issue", "client", "--force"));
        assertEquals(0, run("csr", "client", "--force"));
        assertEquals(0, run("sign", keys.resolve("client_csr.pem").toString(), "--ca", "ca", "--force"));
        assertEquals(0, run("crl"));
        assertEquals(0, run("init", "bad-ca", "--force"));
        assertEquals(0, run("export", "server", "--pkcs12", root.resolve("legacy.p12").toString(), "--pkcs12-format", "legacy"));
        assertEquals(0, run("export", "server", "--pkcs12", root.resolve("server.jks").toString(), "--jks"));
        assertEquals(printable ? 0 : ExitCodes.UNUSABLE_INPUT,
                run("export", "server", "--pkcs12", root.resolve("modern.p12").toString()));
        assertEquals(printable ? 0 : ExitCodes.UNUSABLE_INPUT,
                run("export", "ca", "--truststore", root.resolve("trust.p12").toString()));
        assertEquals(printable, Files.exists(root.resolve("modern.p12")));
        assertEquals(printable, Files.exists(root.resolve("trust.p12")));

        // a profile asking for a modern PKCS#12 file: refused before any key is made
        Path modern = Files.createDirectories(root.resolve("modern-profiles"));
        TestPki.writeProfiles(modern, Map.of("ca", TestPki.ca("ec-p256"), "server",
                TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost") + "files:\n  pkcs12: server.p12\n"));
        Path modernKeys = root.resolve("modern-keys");
        int code = run("fixtures", "--profiles", modern.toString(), "--out", modernKeys.toString());
        assertEquals(printable ? 0 : ExitCodes.UNUSABLE_INPUT, code);
        assertEquals(printable, Files.exists(modernKeys.resolve("ca_key.pem")));

        // what was written opens with the same password in openssl and keytool
        Path pw = root.resolve("pw.txt");
        Files.writeString(pw, hostile + "\n", StandardCharsets.UTF_8);
        String passin = hostile.length() > 1000 ? "pass:" + hostile : "file:" + pw; // openssl reads 1023 bytes of a file
        Programs.opensslOk(keys, "pkcs12", "-in", "server.p12", "-passin", passin, "-nodes", "-noout");
        Programs.opensslOk(keys, "pkcs12", "-in", root.resolve("legacy.p12").toString(), "-passin", passin, "-nodes", "-noout");
        Programs.opensslOk(keys, "pkey", "-in", "ca_key.pem", "-passin", passin, "-noout");
        Programs.opensslOk(keys, "pkey", "-in", "client_key.pem", "-passin", passin, "-noout");
        for (String store : List.of(keys.resolve("server.p12").toString(), root.resolve("legacy.p12").toString(),
                root.resolve("server.jks").toString())) {
            Programs.ok(root, List.of("keytool", "-J-Dfile.encoding=UTF-8", "-list", "-keystore", store,
                    "-storepass:file", pw.toString()));
        }
        if (printable) {
            Programs.opensslOk(root, "pkcs12", "-in", "modern.p12", "-passin", passin, "-nodes", "-noout");
        }
    }

    /** Runs ca-tool in this JVM with the password in an environment variable; returns its exit code. */
    int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = CaTool.commandLine(Clock.systemUTC(), new SecureRandom(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        ((CaTool) cmd.getCommand()).env = name -> name.equals("HOSTILE_PW") ? password : null;
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--profiles")) {
            all.addAll(List.of("--profiles", profiles.toString(), "--out", keys.toString()));
        }
        all.addAll(List.of("--password-env", "HOSTILE_PW"));
        int code = cmd.execute(all.toArray(String[]::new));
        String printed = out + "\n" + err;
        assertFalse(printed.contains(password), "the password was printed by " + all);
        assertTrue(code != 1, String.join(" ", args) + ": " + printed);
        if (code == ExitCodes.UNUSABLE_INPUT) {
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(err.toString().contains("a modern PKCS#12 file takes printable ASCII only"), err.toString());
        } else {
            assertEquals(0, code, String.join(" ", args) + ": " + printed);
        }
        return code;
    }
}
