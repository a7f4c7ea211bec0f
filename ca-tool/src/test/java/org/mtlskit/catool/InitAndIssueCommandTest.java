package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.pki.testing.Programs.opensslOk;
import static org.mtlskit.testing.ToolRun.caTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** ca-tool init and issue, their refusals, and the usage every command shares. */
class InitAndIssueCommandTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path root;

    Path profiles;
    Path keys;

    @BeforeEach
    void writeDemoProfiles() {
        profiles = root.resolve("profiles");
        keys = root.resolve("keys");
        TestPki.writeProfiles(profiles, TestPki.demoProfiles("ec-p256"));
    }

    /** Runs a command with this test's --profiles and --out. */
    ToolRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--profiles", profiles.toString(), "--out", keys.toString()));
        return caTool(CLOCK, all.toArray(String[]::new));
    }

    ToolRun.Result ok(String... args) {
        ToolRun.Result r = run(args);
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", r.err());
        return r;
    }

    /** The closing line, after any progress lines of key generation. */
    static String lastLine(ToolRun.Result r) {
        List<String> lines = r.outLines();
        return lines.get(lines.size() - 1);
    }

    @Test
    void initMakesTheCaKeyAndSelfSignedCertificate() {
        ToolRun.Result r = ok("init");

        assertEquals(
                "ca: created: wrote " + keys.resolve("ca_key.pem") + " " + keys.resolve("ca_cert.pem")
                        + "; CN=My Test CA, valid until " + NOW.plus(Duration.ofDays(3650)),
                lastLine(r));
        assertEquals(
                Set.of("ca_key.pem", "ca_cert.pem"),
                FolderSnapshot.of(keys).files().keySet());
        assertEquals(
                "ca_cert.pem: OK\n",
                opensslOk(keys, "verify", "-x509_strict", "-CAfile", "ca_cert.pem", "ca_cert.pem"));
    }

    @Test
    void initBadCaMakesTheUntrustedCa() {
        ToolRun.Result r = ok("init", "bad-ca");
        assertTrue(
                lastLine(r)
                        .startsWith("bad-ca: created: wrote " + keys.resolve("bad_ca_key.pem") + " "
                                + keys.resolve("bad_ca_cert.pem") + "; CN=My Test CA, valid until "),
                r.out());
    }

    @Test
    void initTwiceWithoutForceExits5NamingTheFileAndChangesNothing() {
        ok("init");
        FolderSnapshot before = FolderSnapshot.of(keys);

        ToolRun.Result again = run("init");

        assertEquals(ExitCodes.OUTPUT_EXISTS, again.code());
        assertEquals(
                keys.resolve("ca_cert.pem") + ": CA \"ca\" exists already; ca-tool init ca --force replaces it, "
                        + "and every certificate it signed stops verifying",
                again.errorLine());
        assertEquals("", again.out());
        assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void initWithOnlyTheKeyLeftStillRefusesNamingTheKey() throws IOException {
        ok("init");
        Files.delete(keys.resolve("ca_cert.pem"));
        ToolRun.Result again = run("init");
        assertEquals(ExitCodes.OUTPUT_EXISTS, again.code());
        assertTrue(
                again.errorLine().startsWith(keys.resolve("ca_key.pem") + ": CA \"ca\" exists already;"), again.err());
    }

    @Test
    void initWithForceReplacesKeyAndCertificate() {
        ok("init");
        FolderSnapshot before = FolderSnapshot.of(keys);
        ok("init", "--force");
        assertEquals(Set.of("ca_key.pem", "ca_cert.pem"), before.bytesChangedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void issueWithoutCaFilesExits4NamingTheCaKey() {
        ToolRun.Result r = run("issue", "server");

        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                keys.resolve("ca_key.pem") + ": no such file; make the issuing CA first: ca-tool init ca --out " + keys,
                r.errorLine());
        assertFalse(Files.exists(keys), "nothing is written: the folder made to lock it is removed again");
    }

    @Test
    void issueWithCaKeyButNoCertificateNamesTheCertificate() throws IOException {
        ok("init");
        Files.delete(keys.resolve("ca_cert.pem"));
        ToolRun.Result r = run("issue", "server");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertTrue(
                r.errorLine().startsWith(keys.resolve("ca_cert.pem") + ": no such file; make the issuing CA first"),
                r.err());
    }

    @Test
    void issueServerMakesKeyCsrAndCertificateSignedByTheCa() throws IOException {
        ok("init");
        ToolRun.Result r = ok("issue", "server");

        assertEquals(
                "server: created: wrote " + keys.resolve("server_key.pem") + " "
                        + keys.resolve("server_csr.pem") + " " + keys.resolve("server_cert.pem")
                        + "; CN=localhost, valid until " + NOW.plus(Duration.ofDays(365)),
                lastLine(r));
        assertEquals(
                "server_cert.pem: OK\n",
                opensslOk(
                        keys,
                        "verify",
                        "-x509_strict",
                        "-purpose",
                        "sslserver",
                        "-CAfile",
                        "ca_cert.pem",
                        "server_cert.pem"));
        assertTrue(Files.readString(keys.resolve("server_key.pem")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    }

    @Test
    void issueAgainWithForceMakesANewKeyAndCertificate() {
        ok("init");
        ok("issue", "client");
        FolderSnapshot before = FolderSnapshot.of(keys);
        ok("issue", "client", "--force");
        assertEquals(
                Set.of("client_key.pem", "client_csr.pem", "client_cert.pem"),
                before.bytesChangedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void issueSignsWithTheCaItsProfileNames() {
        ok("init", "bad-ca");
        ok("issue", "bad");
        opensslOk(
                keys, "verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", "bad_ca_cert.pem", "bad_cert.pem");
    }

    @Test
    void issueOfACaProfileIsRefusedWithOneLine() {
        ToolRun.Result r = run("issue", "ca");
        assertEquals(ExitCodes.INVALID_PROFILE, r.code());
        assertEquals(
                profiles.resolve("ca.yaml") + ": \"ca\" is a CA profile (ca: true); make it with ca-tool init ca",
                r.errorLine());
    }

    @Test
    void initOfALeafProfileIsRefusedWithOneLine() {
        ToolRun.Result r = run("init", "server");
        assertEquals(ExitCodes.INVALID_PROFILE, r.code());
        assertEquals(
                profiles.resolve("server.yaml") + ": \"server\" is a leaf profile (no ca: true); "
                        + "make it with ca-tool issue server",
                r.errorLine());
        assertFalse(Files.exists(keys));
    }

    @Test
    void unknownProfileListsTheKnownOnes() {
        ToolRun.Result r = run("issue", "sever");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                profiles.resolve("sever.yaml") + ": no such profile; profiles in " + profiles
                        + ": bad-ca, bad, ca, client, server",
                r.errorLine());
    }

    @Test
    void invalidProfileExits3AndNothingIsGenerated() {
        TestPki.writeProfiles(
                profiles,
                java.util.Map.of(
                        "client",
                        TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost")
                                .replace("days: 365", "days: 0")));
        for (String[] command :
                List.of(new String[] {"fixtures"}, new String[] {"init"}, new String[] {"issue", "server"})) {
            ToolRun.Result r = run(command);
            assertEquals(ExitCodes.INVALID_PROFILE, r.code(), String.join(" ", command));
            assertEquals(
                    profiles.resolve("client.yaml") + ":4: validity.days: 0 is out of range; allowed: 1 to 36500",
                    r.errorLine());
            assertFalse(Files.exists(keys), "profiles are checked whole before anything is generated");
        }
    }

    @Test
    void missingProfilesFolderExits4() {
        ToolRun.Result r =
                caTool(CLOCK, "fixtures", "--profiles", root.resolve("nope").toString(), "--out", keys.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(root.resolve("nope") + ": no such profiles folder (set it with --profiles)", r.errorLine());
    }

    @Test
    void verboseAddsTheStackTrace() {
        ToolRun.Result r = run("issue", "server", "--verbose");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertTrue(r.err().startsWith("ca-tool: error: " + keys.resolve("ca_key.pem") + ": no such file"), r.err());
        assertTrue(r.err().contains("at org.mtlskit.pki.internal.fixtures.Fixtures"), r.err());
    }

    // ---- usage ----

    @ParameterizedTest(name = "ca-tool {0} --help")
    @ValueSource(strings = {"init", "issue", "fixtures", "export", "revoke", "crl"})
    void helpWorksOnEachCommand(String command) {
        ToolRun.Result r = caTool(CLOCK, command, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: ca-tool " + command + " "), r.out());
        assertTrue(r.out().contains("--version"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void helpOfTheToolListsCommandsAndExitCodes() {
        ToolRun.Result r = caTool(CLOCK, "--help");
        assertEquals(0, r.code());
        for (String text : List.of(
                "Usage: ca-tool ",
                "init",
                "issue",
                "fixtures",
                "Exit codes:",
                "5    an output exists and is replaced only with --force",
                "10   the output folder is in use by another ca-tool run")) {
            assertTrue(r.out().contains(text), text + " missing in:\n" + r.out());
        }
    }

    @ParameterizedTest(name = "ca-tool {0} --version")
    @ValueSource(strings = {"", "init", "issue", "fixtures", "export", "revoke", "crl"})
    void versionWorksOnEachCommand(String command) {
        ToolRun.Result r = command.isEmpty() ? caTool(CLOCK, "--version") : caTool(CLOCK, command, "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("ca-tool \\S+\\R"), "version line: [" + r.out() + "]");
    }

    @Test
    void unknownOptionIsAUsageError() {
        ToolRun.Result r = caTool(CLOCK, "fixtures", "--frce");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("ca-tool: error: Unknown option: '--frce'"), r.err());
    }

    @Test
    void issueWithoutANameIsAUsageError() {
        ToolRun.Result r = caTool(CLOCK, "issue");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("ca-tool: error: Missing required parameter: 'NAME'"), r.err());
    }

    @Test
    void negativeRenewWithinIsAUsageError() {
        ToolRun.Result r = run("fixtures", "--renew-within", "-1");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("ca-tool: error: --renew-within: must be 0 or more days, got -1"), r.err());
        assertFalse(Files.exists(keys));
    }

    @Test
    void unknownCommandIsAUsageError() {
        ToolRun.Result r = caTool(CLOCK, "sign-everything");
        assertNotEquals(0, r.code());
        assertEquals(ExitCodes.USAGE, r.code());
    }
}
