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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;

/**
 * Every command that takes a password, run with hostile ones: non-ASCII, control characters, 4096
 * bytes. A PKCS#12 file (modern, legacy, truststore) takes printable ASCII of any length, since Java
 * opens no other; an encrypted key takes any password of up to 1024 bytes, since openssl reads no
 * more; JKS takes any. The others are refused up front with one line and exit 4, before any file is
 * made. No command exits 1. What was written, openssl and keytool open with the same password.
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

    static List<String> hostilePasswords() {
        return List.of(NON_ASCII, CONTROL, LONG);
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("hostilePasswords")
    void encryptedKeysTakeAnyPasswordOpensslCanRead(String hostile) throws Exception {
        password = hostile;
        profiles = root.resolve("profiles");
        keys = root.resolve("keys");
        Map<String, String> p = new LinkedHashMap<>(TestPki.demoProfilesWithRevokedClient("ec-p256"));
        p.put("ca", p.get("ca") + "files:\n  encryptKey: true\n");
        p.put("client", p.get("client") + "files:\n  encryptKey: des3\n");
        TestPki.writeProfiles(profiles, p);
        if (hostile.getBytes(StandardCharsets.UTF_8).length > 1024) {
            assertEquals(ExitCodes.UNUSABLE_INPUT, run("fixtures"), "refused before any key is made");
            assertFalse(Files.exists(keys.resolve("ca_key.pem")));
            return;
        }
        assertEquals(0, run("fixtures"));
        assertEquals(0, run("issue", "client", "--force"));
        assertEquals(0, run("csr", "client", "--force"));
        assertEquals(0, run("sign", keys.resolve("client_csr.pem").toString(), "--ca", "ca", "--force"));
        assertEquals(0, run("crl"));
        assertEquals(
                0,
                run("export", "client", "--pkcs12", root.resolve("client.jks").toString(), "--jks"));
        assertEquals(0, run("init", "ca", "--force"));

        Path pw = passwordFile();
        Programs.opensslOk(keys, "pkey", "-in", "ca_key.pem", "-passin", "file:" + pw, "-noout");
        Programs.opensslOk(keys, "pkey", "-in", "client_key.pem", "-passin", "file:" + pw, "-noout");
        keytoolLists(root.resolve("client.jks"), pw);
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("hostilePasswords")
    void pkcs12TakesAnyPasswordJavaCanReadAndRefusesTheOthersUpFront(String hostile) throws Exception {
        password = hostile;
        profiles = root.resolve("profiles");
        keys = TestPki.makeSet(root, TestPki.demoProfiles("ec-p256"), Clock.systemUTC());
        boolean printable = hostile.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        int expected = printable ? 0 : ExitCodes.UNUSABLE_INPUT;

        assertEquals(
                expected,
                run("export", "server", "--pkcs12", root.resolve("modern.p12").toString()));
        assertEquals(
                expected,
                run(
                        "export",
                        "server",
                        "--pkcs12",
                        root.resolve("legacy.p12").toString(),
                        "--pkcs12-format",
                        "legacy"));
        assertEquals(
                expected,
                run("export", "ca", "--truststore", root.resolve("trust.p12").toString()));
        assertEquals(
                0,
                run("export", "server", "--pkcs12", root.resolve("server.jks").toString(), "--jks"));
        // a profile asking for PKCS#12 files: refused before any key is made
        Path p12Profiles = Files.createDirectories(root.resolve("p12-profiles"));
        TestPki.writeProfiles(
                p12Profiles,
                Map.of(
                        "ca",
                        TestPki.ca("ec-p256") + "files:\n  truststore: trust.p12\n",
                        "server",
                        TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost")
                                + "files:\n  pkcs12: server.p12\n  pkcs12Format: legacy\n"));
        Path p12Keys = root.resolve("p12-keys");
        assertEquals(expected, run("fixtures", "--profiles", p12Profiles.toString(), "--out", p12Keys.toString()));
        assertEquals(printable, Files.exists(p12Keys.resolve("ca_key.pem")));

        Path pw = passwordFile();
        keytoolLists(root.resolve("server.jks"), pw);
        if (!printable) {
            for (String f : List.of("modern.p12", "legacy.p12", "trust.p12")) {
                assertFalse(Files.exists(root.resolve(f)), f);
            }
            return;
        }
        for (Path store : List.of(
                root.resolve("modern.p12"),
                root.resolve("legacy.p12"),
                root.resolve("trust.p12"),
                p12Keys.resolve("server.p12"),
                p12Keys.resolve("trust.p12"))) {
            keytoolLists(store, pw);
            // openssl reads 1023 bytes of a password file; on the command line it takes the whole password
            Programs.opensslOk(
                    root, "pkcs12", "-in", store.toString(), "-passin", "pass:" + hostile, "-nodes", "-noout");
        }
    }

    Path passwordFile() throws java.io.IOException {
        return Files.writeString(root.resolve("pw.txt"), password + "\n", StandardCharsets.UTF_8);
    }

    static void keytoolLists(Path store, Path passwordFile) {
        Programs.ok(
                null,
                List.of(
                        "keytool",
                        "-J-Dfile.encoding=UTF-8",
                        "-list",
                        "-keystore",
                        store.toString(),
                        "-storepass:file",
                        passwordFile.toString()));
    }

    /** Runs ca-tool in this JVM with the password in an environment variable; returns its exit code. */
    int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = CaTool.commandLine(
                Clock.systemUTC(), new SecureRandom(), new PrintWriter(out, true), new PrintWriter(err, true));
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
            assertTrue(
                    err.toString().contains("a PKCS#12 file takes printable ASCII only (space to ~)")
                            || err.toString().contains("openssl reads at most 1024 of an encrypted key's password"),
                    err.toString());
        } else {
            assertEquals(0, code, String.join(" ", args) + ": " + printed);
        }
        return code;
    }
}
