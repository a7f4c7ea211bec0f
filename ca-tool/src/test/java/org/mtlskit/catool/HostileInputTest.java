package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.catool.BadInputCorpusTest.SERVER;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlskit.catool.BadInputCorpusTest.BadInput;
import org.mtlskit.catool.BadInputCorpusTest.Snapshot;
import org.mtlskit.catool.BadInputCorpusTest.Workspace;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * The hostile inputs that once ended in exit 1, a hang or a certificate that says something else
 * than its profile: each now gets its documented exit code, one line naming the file (and line) and
 * what is wrong, and changes nothing. Same rules as {@link BadInputCorpusTest}; the set here has a
 * CRL (ca.yaml has crl:) and a revoked client, so the revocation files exist.
 */
@Timeout(60)
class HostileInputTest {
    @TempDir
    static Path template;

    @TempDir
    Path root;

    @BeforeAll
    static void makeTemplateSet() {
        TestPki.makeSet(template, TestPki.demoProfilesWithRevokedClient("ec-p256"), java.time.Clock.systemUTC());
    }

    static final String STATE = "keys/ca_revocations.json";
    static final String VERIFY = "verify keys/client_cert.pem --ca keys/ca_cert.pem --crl ";

    static List<BadInput> hostile() {
        List<BadInput> c = new ArrayList<>();
        // -- damaged or unusual DER inside intact PEM
        c.add(input(
                "CRL with one damaged byte, shown",
                w -> w.write("keys/bad_crl.pem", HostileFiles.crlWithDamagedByte(w.root.resolve("keys/ca_crl.pem"))),
                "show keys/bad_crl.pem",
                "keys/bad_crl.pem",
                "is damaged or in a form this tool cannot read (malformed ASN.1: invalid UTCTime format)"));
        c.add(input(
                "CRL entry whose certificateIssuer is a DNS name, shown",
                HostileInputTest::dnsIssuerCrl,
                "show keys/bad_crl.pem",
                "keys/bad_crl.pem",
                "a value of an unexpected type inside"));
        c.add(input(
                "RSA key with an even modulus, shown",
                w -> w.write("keys/rsa_key.pem", HostileFiles.rsaKeyWithEvenModulus()),
                "show keys/rsa_key.pem",
                "keys/rsa_key.pem",
                "is damaged or in a form this tool cannot read (RSA modulus is even)"));
        c.add(input(
                "certificate with invalid UTF-8 in its subject, shown",
                w -> w.write(
                        "keys/bad_cert.pem",
                        HostileFiles.certificateWithInvalidUtf8(w.root.resolve("keys/server_cert.pem"), "localhost")),
                "show keys/bad_cert.pem",
                "keys/bad_cert.pem",
                "(Invalid UTF-8 input)"));
        c.add(input(
                "secp256k1 key for a P-256 profile's CSR",
                w -> HostileFiles.opensslEcKey("secp256k1", w.root.resolve("k1_key.pem")),
                "csr server --key k1_key.pem",
                "k1_key.pem",
                "the key is EC 1.3.132.0.10, but profile \"server\" asks for ec-p256"));
        c.add(input(
                "brainpool key for a P-256 profile's CSR",
                w -> HostileFiles.opensslEcKey("brainpoolP256r1", w.root.resolve("bp_key.pem")),
                "csr server --key bp_key.pem",
                "bp_key.pem",
                "the key is EC 1.3.36.3.3.2.8.1.1.7, but profile \"server\" asks for ec-p256"));
        c.add(input(
                "CSR whose requested SAN does not decode, signed with fromCsr",
                w -> {
                    w.replaceIn(SERVER, "dns: [localhost]", "dns: [localhost]\n    fromCsr: true");
                    w.write("device_csr.pem", HostileFiles.csrWithUndecodableSan());
                },
                "sign device_csr.pem --ca ca --profile server",
                "device_csr.pem",
                "the CSR is damaged or in a form this tool cannot read"));
        // -- dates a certificate cannot hold
        c.add(profile(
                "notBefore in 9999 plus 365 days",
                "  days: 365",
                "  notBefore: 9999-12-31\n  days: 365",
                SERVER + ":5",
                "validity.days: notBefore 9999-12-31T00:00:00Z plus 365 days ends after 9999-12-31T23:59:59Z"));
        c.add(profile(
                "notBefore after 9999",
                "  days: 365",
                "  notBefore: \"+10000-01-01T00:00:00Z\"\n  days: 1",
                SERVER + ":4",
                "validity.notBefore: \"+10000-01-01T00:00:00Z\" is outside the years 1950 to 9999"));
        c.add(profile(
                "notBefore in year 0000",
                "  days: 365",
                "  notBefore: 0000-01-01\n  notAfter: 2030-01-01",
                SERVER + ":4",
                "validity.notBefore: \"0000-01-01\" is outside the years 1950 to 9999"));
        c.add(profile(
                "notBefore with a fraction of a second",
                "  days: 365",
                "  notBefore: 2030-01-01T00:00:00.5Z\n  days: 30",
                SERVER + ":4",
                "validity.notBefore: \"2030-01-01T00:00:00.5Z\" has a fraction of a second"));
        // -- values a certificate cannot carry faithfully
        c.add(profile(
                "CN that is a lone surrogate",
                "CN: localhost",
                "CN: \"\\ud800\"",
                SERVER + ":6",
                "subject.CN: holds a lone surrogate (U+D800)"));
        c.add(profile(
                "CN with ESC",
                "CN: localhost",
                "CN: \"local\\e[2Jhost\"",
                SERVER + ":6",
                "subject.CN: holds a control character (U+001B)"));
        c.add(profile(
                "CN with a newline",
                "CN: localhost",
                "CN: \"local\\nhost\"",
                SERVER + ":6",
                "subject.CN: holds a control character (U+000A)"));
        c.add(profile(
                "DNS SAN with NUL",
                "dns: [localhost]",
                "dns: [\"local\\0host\"]",
                SERVER + ":10",
                "extensions.subjectAltName.dns[0]: holds a control character (U+0000)"));
        c.add(profile(
                "email SAN with a newline",
                "dns: [localhost]",
                "dns: [localhost]\n    email: [\"a@b.test\\nX: y\"]",
                SERVER + ":11",
                "extensions.subjectAltName.email[0]: holds a control character (U+000A)"));
        c.add(profile(
                "non-ASCII email SAN",
                "dns: [localhost]",
                "dns: [localhost]\n    email: [\"ü@例え.jp\"]",
                SERVER + ":11",
                "extensions.subjectAltName.email[0]: \"ü@例え.jp\" is not ASCII; an rfc822Name is ASCII"));
        c.add(profile(
                "non-ASCII URI SAN",
                "dns: [localhost]",
                "dns: [localhost]\n    uri: [\"https://例え.jp/ü\"]",
                SERVER + ":11",
                "extensions.subjectAltName.uri[0]: \"https://例え.jp/ü\" is not ASCII"));
        c.add(new BadInput(
                "removeFromCRL as a profile's reason",
                w -> w.replaceIn("profiles/revoked.yaml", "revoked: keyCompromise", "revoked: removeFromCRL"),
                "fixtures",
                ExitCodes.INVALID_PROFILE,
                "profiles/revoked.yaml:11",
                "revoked: removeFromCRL is for delta CRLs only (RFC 5280 5.3.1)"));
        // -- revocation state out of range
        c.add(state("negative CRL number", "\"crlNumber\" : 1", "\"crlNumber\" : -5", "crlNumber -5 is out of range"));
        c.add(state(
                "CRL number past a long",
                "\"crlNumber\" : 1",
                "\"crlNumber\" : 99999999999999999999999",
                "out of range of long"));
        c.add(state(
                "largest CRL number, which has no next",
                "\"crlNumber\" : 1",
                "\"crlNumber\" : 9223372036854775807",
                "crlNumber 9223372036854775807 is out of range"));
        c.add(state(
                "revocation in the year 99999",
                "\"revokedAt\" : \"",
                "\"revokedAt\" : \"+99999",
                "revoked[0].revokedAt: +99999"));
        c.add(state(
                "removeFromCRL in the state",
                "\"keyCompromise\"",
                "\"removeFromCRL\"",
                "revoked[0].reason: removeFromCRL is for delta CRLs only"));
        // -- special and huge files
        c.add(input(
                "FIFO as a profile",
                w -> {
                    w.delete(SERVER);
                    HostileFiles.fifo(w.root.resolve(SERVER));
                },
                "fixtures",
                SERVER,
                "not a regular file (a FIFO, device or socket), expected a profile"));
        c.add(input(
                "FIFO as a key",
                w -> HostileFiles.fifo(w.root.resolve("keys/fifo_key.pem")),
                "csr server --key keys/fifo_key.pem",
                "keys/fifo_key.pem",
                "not a regular file"));
        c.add(input(
                "FIFO shown",
                w -> HostileFiles.fifo(w.root.resolve("keys/fifo.pem")),
                "show keys/fifo.pem",
                "keys/fifo.pem",
                "not a regular file"));
        c.add(input(
                "FIFO linted",
                w -> HostileFiles.fifo(w.root.resolve("keys/fifo.pem")),
                "lint keys/fifo.pem --target=mbedtls-2.28",
                "keys/fifo.pem",
                "not a regular file"));
        c.add(input(
                "/dev/zero as a profile",
                w -> {
                    w.delete(SERVER);
                    Files.createSymbolicLink(w.root.resolve(SERVER), Path.of("/dev/zero"));
                },
                "issue server",
                SERVER,
                "not a regular file"));
        c.add(input("/dev/zero shown", w -> {}, "show /dev/zero", "/dev/zero", "not a regular file"));
        c.add(input(
                "/dev/zero as a password file",
                w -> {},
                "export server --pkcs12 server.p12 --password-file /dev/zero",
                "/dev/zero",
                "not a regular file"));
        c.add(input("folder shown", w -> {}, "show keys/", "keys", "is a folder, expected a PEM file"));
        c.add(new BadInput(
                "10 MB profile",
                w -> w.write(SERVER, Files.readString(w.root.resolve(SERVER)) + "# " + "x".repeat(10_000_000) + "\n"),
                "fixtures",
                ExitCodes.INVALID_PROFILE,
                SERVER,
                "larger than 1 MiB, the most a profile may be"));
        c.add(input(
                "11 MiB PEM file",
                w -> w.write("keys/big.pem", "-----BEGIN CERTIFICATE-----\n" + "A".repeat(11 << 20)),
                "show keys/big.pem",
                "keys/big.pem",
                "larger than 10 MiB, the most a PEM file may be"));
        c.add(input(
                "5 KiB password file",
                w -> w.write("password.txt", "p".repeat(5 << 10)),
                "export server --pkcs12 server.p12 --password-file password.txt",
                "password.txt",
                "larger than 4 KiB, the most a password file may be"));
        return c;
    }

    static BadInput input(
            String name, BadInputCorpusTest.Breakage breakage, String command, String where, String problem) {
        return new BadInput(name, breakage, command, ExitCodes.UNUSABLE_INPUT, where, problem);
    }

    static BadInput profile(String name, String from, String to, String where, String problem) {
        return new BadInput(
                name, w -> w.replaceIn(SERVER, from, to), "fixtures", ExitCodes.INVALID_PROFILE, where, problem);
    }

    static BadInput state(String name, String from, String to, String problem) {
        return input(name, w -> w.replaceIn(STATE, from, to), "crl ca", STATE, problem);
    }

    static void dnsIssuerCrl(Workspace w) throws Exception {
        w.write(
                "keys/bad_crl.pem",
                HostileFiles.crlWithDnsCertificateIssuer(
                        Pem.readCertificates(w.root.resolve("keys/ca_cert.pem")).get(0),
                        Pem.readPrivateKey(w.root.resolve("keys/ca_key.pem"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileInputGetsOneLineItsExitCodeAndChangesNothing(BadInput bad) throws Exception {
        Workspace w = Workspace.copyOf(template, root);
        bad.breakage().apply(w);
        backdate(root);
        Snapshot before = Snapshot.of(root);

        ToolRun.Result r = run(w, bad.command());

        assertEquals(bad.exit(), r.code(), () -> "exit code; stdout:\n" + r.out() + "stderr:\n" + r.err());
        String line = r.errorLine();
        String file = bad.where().replaceFirst(":\\d+$", "");
        String where = root.resolve(file) + bad.where().substring(file.length());
        assertTrue(line.startsWith(where + ": "), "should name " + where + ":\n" + line);
        assertTrue(line.contains(bad.problem()), "should say \"" + bad.problem() + "\":\n" + line);
        BadInputCorpusTest.assertNoStackTrace(r.err());
        assertEquals(before, Snapshot.of(root), "every file as it was");
        assertEquals(Set.of(), BadInputCorpusTest.temporaryFiles(root), "no temporary file left behind");
    }

    /** Given to verify, a CRL that cannot be decoded is a refusal (exit 7) naming the file, and changes nothing. */
    @org.junit.jupiter.api.Test
    void crlWithADamagedByteGivenToVerifyIsARefusalNamingTheFile() throws Exception {
        assertVerifyRefusesTheCrl(
                w -> w.write("keys/bad_crl.pem", HostileFiles.crlWithDamagedByte(w.root.resolve("keys/ca_crl.pem"))),
                "the CRL cannot be decoded (malformed ASN.1");
    }

    @org.junit.jupiter.api.Test
    void crlEntryWithADnsCertificateIssuerGivenToVerifyIsARefusalNamingTheFile() throws Exception {
        assertVerifyRefusesTheCrl(HostileInputTest::dnsIssuerCrl, "a value of an unexpected type inside");
    }

    private void assertVerifyRefusesTheCrl(BadInputCorpusTest.Breakage damage, String problem) throws Exception {
        Workspace w = Workspace.copyOf(template, root);
        damage.apply(w);
        backdate(root);
        Snapshot before = Snapshot.of(root);

        ToolRun.Result r = run(w, VERIFY + "keys/bad_crl.pem");

        assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.out() + r.err());
        assertTrue(
                r.out()
                        .startsWith(root.resolve("keys/client_cert.pem") + ": verification failed: CRL not trusted\n  "
                                + root.resolve("keys/bad_crl.pem") + ": "),
                r.out());
        assertTrue(r.out().contains(problem), r.out());
        assertEquals("", r.err());
        assertEquals(before, Snapshot.of(root), "every file as it was");
    }

    @org.junit.jupiter.api.Test
    void verifyAtATimeNoCertificateCanNameIsAUsageError() throws Exception {
        Workspace w = Workspace.copyOf(template, root);

        ToolRun.Result r = run(w, "verify keys/client_cert.pem --ca keys/ca_cert.pem --at +1000000000-01-01T00:00:00Z");

        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertEquals(
                "ca-tool: error: --at: \"+1000000000-01-01T00:00:00Z\" is outside the years 1950 to 9999 "
                        + "that a certificate can name",
                r.err().lines().findFirst().orElseThrow());
        BadInputCorpusTest.assertNoStackTrace(r.err());
    }

    @org.junit.jupiter.api.Test
    void revokeRefusesRemoveFromCrlAndChangesNothing() throws Exception {
        Workspace w = Workspace.copyOf(template, root);
        backdate(root);
        Snapshot before = Snapshot.of(root);

        ToolRun.Result r = w.run("revoke client --reason removeFromCRL");

        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code(), r.err());
        assertTrue(
                r.errorLine().startsWith("--reason: removeFromCRL is for delta CRLs only (RFC 5280 5.3.1)"), r.err());
        assertEquals(before, Snapshot.of(root));
    }

    /** As {@link Workspace#run}, without --profiles and --out for show, verify and lint of files. */
    static ToolRun.Result run(Workspace w, String command) {
        if (!command.startsWith("show ") && !command.startsWith("verify ") && !command.startsWith("lint ")) {
            return w.run(command);
        }
        List<String> args = new ArrayList<>();
        for (String a : command.split(" ")) {
            args.add(
                    a.startsWith("-") || !a.contains("/") && !a.contains(".")
                            ? a
                            : w.root.resolve(a).toString());
        }
        return ToolRun.caTool(args.toArray(String[]::new));
    }

    /**
     * As the corpus does, but only to regular files and folders: setting a FIFO's time opens it (and
     * blocks), and /dev/zero's time through a symbolic link is not the test's to change.
     */
    static void backdate(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
            }
        }
    }
}
