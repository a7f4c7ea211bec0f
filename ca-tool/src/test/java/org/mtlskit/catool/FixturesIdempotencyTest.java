package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.pki.testing.Programs.openssl;
import static org.mtlskit.pki.testing.Programs.opensslOk;
import static org.mtlskit.testing.ToolRun.caTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.x509.KeyMatch;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * "ca-tool fixtures" run again: what still fits is kept byte for byte and with its modification
 * time, what no longer fits is re-made, and the output says which is which.
 */
class FixturesIdempotencyTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

    static final Set<String> ALL_FILES = Set.of(
            "ca_key.pem",
            "ca_cert.pem",
            "bad_ca_key.pem",
            "bad_ca_cert.pem",
            "server_key.pem",
            "server_csr.pem",
            "server_cert.pem",
            "client_key.pem",
            "client_csr.pem",
            "client_cert.pem",
            "bad_key.pem",
            "bad_csr.pem",
            "bad_cert.pem");

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

    ToolRun.Result fixtures(Clock clock, String... options) {
        List<String> args =
                new ArrayList<>(List.of("fixtures", "--profiles", profiles.toString(), "--out", keys.toString()));
        args.addAll(List.of(options));
        ToolRun.Result r = caTool(clock, args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", r.err());
        return r;
    }

    /** Makes the set, then dates every file back, so that any rewrite shows in the modification time. */
    FolderSnapshot madeSet(Clock clock) {
        fixtures(clock);
        FolderSnapshot.backdate(keys, LONG_AGO);
        return FolderSnapshot.of(keys);
    }

    String until(Instant from, int days) {
        return from.plus(Duration.ofDays(days)).toString();
    }

    String kept(String profile, String subject, String until) {
        return profile + ": kept: " + subject + ", valid until " + until;
    }

    X509Certificate cert(String name) {
        return Pem.readCertificates(keys.resolve(name)).get(0);
    }

    @Test
    void secondRunChangesNoFileAndSaysKept() {
        FolderSnapshot before = madeSet(CLOCK);

        ToolRun.Result second = fixtures(CLOCK);

        assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)));
        assertEquals(ALL_FILES, FolderSnapshot.of(keys).files().keySet());
        assertEquals(
                List.of(
                        kept("bad-ca", "CN=My Test CA", until(NOW, 3650)),
                        kept("bad", "CN=localhost", until(NOW, 365)),
                        kept("ca", "CN=My Test CA", until(NOW, 3650)),
                        kept("client", "CN=localhost", until(NOW, 365)),
                        kept("server", "CN=localhost", until(NOW, 365))),
                second.outLines());
        assertEquals(LONG_AGO, FolderSnapshot.of(keys).files().get("ca_key.pem").modified());
    }

    @Test
    void editingServerSanReissuesOnlyTheServerCertificateOnItsKey() throws IOException {
        FolderSnapshot before = madeSet(CLOCK);
        TestPki.writeProfiles(
                profiles, Map.of("server", TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost, server.test")));

        ToolRun.Result r = fixtures(CLOCK);

        FolderSnapshot after = FolderSnapshot.of(keys);
        assertEquals(Set.of("server_cert.pem", "server_csr.pem"), before.changedIn(after));
        assertTrue(
                r.outLines()
                        .contains("server: re-issued (subjectAltName changed): wrote "
                                + keys.resolve("server_csr.pem") + " " + keys.resolve("server_cert.pem")
                                + "; CN=localhost, valid until " + until(NOW, 365)),
                r.out());
        assertTrue(r.outLines().contains(kept("client", "CN=localhost", until(NOW, 365))), r.out());
        assertTrue(KeyMatch.matches(
                Pem.readPrivateKey(keys.resolve("server_key.pem")),
                cert("server_cert.pem").getPublicKey()));
        assertEquals(
                "X509v3 Subject Alternative Name: \n    DNS:localhost, DNS:server.test\n",
                opensslOk(keys, "x509", "-noout", "-in", "server_cert.pem", "-ext", "subjectAltName"));
        assertTrue(opensslOk(keys, "req", "-noout", "-text", "-in", "server_csr.pem")
                .contains("DNS:server.test"));
        opensslOk(keys, "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", "ca_cert.pem", "server_cert.pem");

        FolderSnapshot.backdate(keys, LONG_AGO);
        FolderSnapshot reissued = FolderSnapshot.of(keys);
        fixtures(CLOCK);
        assertEquals(Set.of(), reissued.changedIn(FolderSnapshot.of(keys)), "the re-issued set is kept next time");
    }

    @Test
    void caRemadeWithForceMakesItsLeavesReissued() {
        FolderSnapshot before = madeSet(CLOCK);
        ToolRun.Result init =
                caTool(CLOCK, "init", "ca", "--force", "--profiles", profiles.toString(), "--out", keys.toString());
        assertEquals(0, init.code(), init.err());

        ToolRun.Result r = fixtures(CLOCK);

        assertEquals(
                Set.of(
                        "ca_key.pem",
                        "ca_cert.pem",
                        "server_csr.pem",
                        "server_cert.pem",
                        "client_csr.pem",
                        "client_cert.pem"),
                before.changedIn(FolderSnapshot.of(keys)));
        assertTrue(
                r.outLines()
                        .contains("server: re-issued (issuer was renewed): wrote " + keys.resolve("server_csr.pem")
                                + " " + keys.resolve("server_cert.pem") + "; CN=localhost, valid until "
                                + until(NOW, 365)),
                r.out());
        assertTrue(
                r.outLines()
                        .contains("client: re-issued (issuer was renewed): wrote " + keys.resolve("client_csr.pem")
                                + " " + keys.resolve("client_cert.pem") + "; CN=localhost, valid until "
                                + until(NOW, 365)),
                r.out());
        assertTrue(r.outLines().contains(kept("ca", "CN=My Test CA", until(NOW, 3650))), r.out());
        assertTrue(r.outLines().contains(kept("bad", "CN=localhost", until(NOW, 365))), r.out());
        opensslOk(keys, "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", "ca_cert.pem", "server_cert.pem");
        opensslOk(keys, "verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", "ca_cert.pem", "client_cert.pem");
    }

    @Test
    void forceRegeneratesEveryFile() {
        FolderSnapshot before = madeSet(CLOCK);

        ToolRun.Result r = fixtures(CLOCK, "--force");

        assertEquals(ALL_FILES, before.bytesChangedIn(FolderSnapshot.of(keys)));
        assertEquals(
                5,
                r.outLines().stream()
                        .filter(l -> l.contains(": created: wrote "))
                        .count(),
                r.out());
        opensslOk(keys, "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", "ca_cert.pem", "server_cert.pem");
    }

    @Test
    void certificateWithinRenewWindowIsRenewedOnItsKey() {
        Instant then = NOW.minus(Duration.ofDays(340));
        FolderSnapshot before = madeSet(Clock.fixed(then, ZoneOffset.UTC));

        ToolRun.Result notYet = fixtures(CLOCK, "--renew-within", "20");
        assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)), notYet.out());
        assertTrue(notYet.outLines().contains(kept("server", "CN=localhost", until(then, 365))), notYet.out());

        ToolRun.Result renewed = fixtures(CLOCK);

        assertEquals(
                Set.of(
                        "server_csr.pem",
                        "server_cert.pem",
                        "client_csr.pem",
                        "client_cert.pem",
                        "bad_csr.pem",
                        "bad_cert.pem"),
                before.changedIn(FolderSnapshot.of(keys)));
        assertTrue(
                renewed.outLines()
                        .contains("server: re-issued (expires within 30 days): wrote "
                                + keys.resolve("server_csr.pem") + " " + keys.resolve("server_cert.pem")
                                + "; CN=localhost, valid until " + until(NOW, 365)),
                renewed.out());
        assertTrue(renewed.outLines().contains(kept("ca", "CN=My Test CA", until(then, 3650))), renewed.out());
        assertEquals(NOW, cert("server_cert.pem").getNotBefore().toInstant());
        opensslOk(keys, "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", "ca_cert.pem", "server_cert.pem");
    }

    @Test
    void expiredCertificateIsRenewedOnItsKey() {
        Instant then = NOW.minus(Duration.ofDays(400));
        FolderSnapshot before = madeSet(Clock.fixed(then, ZoneOffset.UTC));
        Programs.Result expired = openssl(keys, "verify", "-CAfile", "ca_cert.pem", "client_cert.pem");
        assertTrue(expired.output().contains("certificate has expired"), expired.output());

        ToolRun.Result r = fixtures(CLOCK);

        assertTrue(
                r.outLines()
                        .contains("client: re-issued (expired): wrote " + keys.resolve("client_csr.pem") + " "
                                + keys.resolve("client_cert.pem") + "; CN=localhost, valid until " + until(NOW, 365)),
                r.out());
        assertFalse(before.changedIn(FolderSnapshot.of(keys)).contains("client_key.pem"));
        opensslOk(keys, "verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", "ca_cert.pem", "client_cert.pem");
    }

    @Test
    void fixtureWithFixedPastDatesIsKeptThoughExpired() {
        TestPki.writeProfiles(
                profiles,
                Map.of(
                        "expired",
                        TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost")
                                .replace("days: 365", "notBefore: 2020-01-01\n  notAfter: 2021-01-01")));
        FolderSnapshot before = madeSet(CLOCK);
        Programs.Result verify = openssl(keys, "verify", "-CAfile", "ca_cert.pem", "expired_cert.pem");
        assertNotEquals(0, verify.code());
        assertTrue(verify.output().contains("certificate has expired"), verify.output());

        ToolRun.Result r = fixtures(CLOCK);

        assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)));
        assertTrue(r.outLines().contains(kept("expired", "CN=localhost", "2021-01-01T00:00:00Z")), r.out());
    }

    @Test
    void missingCsrIsWrittenAgainWithoutANewKey() throws IOException {
        FolderSnapshot before = madeSet(CLOCK);
        Files.delete(keys.resolve("server_csr.pem"));

        ToolRun.Result r = fixtures(CLOCK);

        assertEquals(Set.of("server_csr.pem", "server_cert.pem"), before.changedIn(FolderSnapshot.of(keys)));
        assertTrue(r.out().contains("server: re-issued (CSR missing): wrote "), r.out());
    }

    @Test
    void changedKeyTypeMakesANewKey() {
        FolderSnapshot before = madeSet(CLOCK);
        TestPki.writeProfiles(profiles, Map.of("client", TestPki.leaf("ca", "ec-p384", "[clientAuth]", "localhost")));

        ToolRun.Result r = fixtures(CLOCK);

        assertEquals(
                Set.of("client_key.pem", "client_csr.pem", "client_cert.pem"),
                before.changedIn(FolderSnapshot.of(keys)));
        assertTrue(
                r.outLines()
                        .contains("client: created (key type changed to ec-p384): wrote "
                                + keys.resolve("client_key.pem") + " " + keys.resolve("client_csr.pem") + " "
                                + keys.resolve("client_cert.pem") + "; CN=localhost, valid until " + until(NOW, 365)),
                r.out());
    }

    @Test
    void caWithKeyButNoCertificateIsReplacedOnlyWithForce() throws IOException {
        FolderSnapshot before = madeSet(CLOCK);
        Files.delete(keys.resolve("ca_cert.pem"));

        ToolRun.Result r = caTool(CLOCK, "fixtures", "--profiles", profiles.toString(), "--out", keys.toString());

        assertEquals(ExitCodes.OUTPUT_EXISTS, r.code());
        assertEquals(
                keys.resolve("ca_key.pem") + ": CA \"ca\" cannot be kept (certificate missing) and its key is "
                        + "replaced only with --force, which re-makes everything it signed",
                r.errorLine());
        FolderSnapshot after = FolderSnapshot.of(keys);
        assertEquals(Set.of("ca_cert.pem"), before.changedIn(after), "nothing but the deleted file differs");
    }

    @Test
    void leafBelowIntermediateCaCarriesTheChainAndIsKeptNextTime() {
        Map<String, String> chain = new LinkedHashMap<>();
        chain.put("root", "ca: true\nkey: ec-p256\nsubject:\n  CN: Test Root CA\n");
        chain.put(
                "intermediate",
                "ca: true\nissuer: root\nkey: ec-p256\nsubject:\n  CN: Test Intermediate CA\n"
                        + "extensions:\n  basicConstraints:\n    pathLen: 0\n");
        chain.put("server", TestPki.leaf("intermediate", "ec-p256", "[serverAuth]", "localhost"));
        profiles = root.resolve("chain-profiles");
        TestPki.writeProfiles(profiles, chain);

        FolderSnapshot before = madeSet(CLOCK);

        List<X509Certificate> serverFile = Pem.readCertificates(keys.resolve("server_cert.pem"));
        assertEquals(
                List.of("CN=localhost", "CN=Test Intermediate CA"),
                serverFile.stream()
                        .map(c -> c.getSubjectX500Principal().getName())
                        .toList());
        assertEquals(
                "server_cert.pem: OK\n",
                opensslOk(
                        keys,
                        "verify",
                        "-x509_strict",
                        "-purpose",
                        "sslserver",
                        "-CAfile",
                        "root_cert.pem",
                        "-untrusted",
                        "server_cert.pem",
                        "server_cert.pem"));
        assertNotEquals(
                0,
                openssl(keys, "verify", "-CAfile", "root_cert.pem", "server_cert.pem")
                        .code(),
                "without the intermediate, the leaf does not verify");

        fixtures(CLOCK);
        assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)));
    }
}
