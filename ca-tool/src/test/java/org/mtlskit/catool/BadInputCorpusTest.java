package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * Bad input, file by file: every case gets the documented exit code, exactly one line on stderr that
 * names the file (and the line, for a profile) and what is wrong, no stack trace, and leaves every file
 * under the test's folder byte for byte as it was, modification time included, with no temporary file.
 *
 * <p>Each case starts from a complete demo set (profiles/ and keys/, EC P-256) copied from one made
 * once, then breaks one thing. The tests run as root, so a read-only folder would not stop a write:
 * unwritable outputs are a folder below a regular file, or a folder where a file must go.
 */
@Timeout(60)
class BadInputCorpusTest {

    static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
    static final String PASSWORD = "correct horse battery staple";
    /** An exception class name, as a stack trace or a leaked toString() would show it. */
    static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b|\\bjava\\.|\\bat org\\.");

    @TempDir
    static Path template;

    @TempDir
    Path root;

    @BeforeAll
    static void makeTemplateSet() {
        TestPki.makeSet(template, TestPki.demoProfiles("ec-p256"), java.time.Clock.systemUTC());
    }

    // ---- the corpus

    /** What a case does to the copied set before running; paths are relative to the test's folder. */
    interface Breakage {
        void apply(Workspace w) throws Exception;
    }

    /**
     * One bad input.
     *
     * @param where   what the error line must start with, relative to the test's folder: a file,
     *                or "file:line" for a profile
     * @param problem words the error line must contain after it
     */
    record BadInput(String name, Breakage breakage, String command, int exit, String where, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String SERVER = "profiles/server.yaml";
    static final String CA = "profiles/ca.yaml";

    static List<BadInput> corpus() {
        List<BadInput> c = new ArrayList<>();
        // -- malformed YAML (the server profile is: 1 issuer, 2 key, 3 validity, 4 days, 5 subject, 6 CN,
        //    7 extensions, 8 extendedKeyUsage, 9 subjectAltName, 10 dns)
        c.add(profile(
                "unclosed flow list",
                "server",
                "[serverAuth]",
                "[serverAuth",
                "fixtures",
                SERVER + ":9",
                "malformed YAML"));
        c.add(profile(
                "bad indentation",
                "server",
                "  CN: localhost",
                "   CN: localhost\n  O: x",
                "fixtures",
                SERVER + ":7",
                "malformed YAML"));
        c.add(profile(
                "tab indentation",
                "server",
                "  days: 365",
                "\tdays: 365",
                "issue server",
                SERVER + ":4",
                "malformed YAML"));
        c.add(profile(
                "second YAML document",
                "server",
                "dns: [localhost]\n",
                "dns: [localhost]\n---\nkey: x\n",
                "fixtures",
                SERVER + ":12",
                "a second YAML document"));
        c.add(profile(
                "top level is a scalar",
                "server",
                null,
                "just some words\n",
                "fixtures",
                SERVER + ":1",
                "(top level): expected a mapping"));
        c.add(new BadInput(
                "profile is not UTF-8",
                w -> w.write(SERVER, new byte[] {'k', 'e', 'y', ':', ' ', (byte) 0xff, '\n'}),
                "fixtures",
                ExitCodes.INVALID_PROFILE,
                SERVER,
                "not UTF-8 text"));
        c.add(profile(
                "key given twice",
                "server",
                "key: ec-p256\n",
                "key: ec-p256\nkey: ec-p384\n",
                "fixtures",
                SERVER + ":3",
                "key: given twice (first on line 2)"));
        // -- unknown or misspelt keys
        c.add(profile(
                "misspelt top-level key",
                "server",
                "key: ec-p256",
                "keyy: ec-p256",
                "fixtures",
                SERVER + ":2",
                "keyy: unknown field (did you mean \"key\"?)"));
        c.add(profile(
                "misspelt nested key",
                "server",
                "subjectAltName:",
                "subjetAltName:",
                "issue server",
                SERVER + ":9",
                "extensions.subjetAltName: unknown field (did you mean \"subjectAltName\"?)"));
        c.add(profile(
                "misspelt validity key",
                "ca",
                "days: 3650",
                "dayz: 3650",
                "init --force",
                CA + ":4",
                "validity.dayz: unknown field (did you mean \"days\"?)"));
        c.add(profile(
                "unknown key",
                "server",
                "key: ec-p256",
                "colour: blue\nkey: ec-p256",
                "fixtures",
                SERVER + ":2",
                "colour: unknown field; allowed here:"));
        c.add(profile(
                "subject attribute in the wrong case",
                "server",
                "CN: localhost",
                "cn: localhost",
                "fixtures",
                SERVER + ":6",
                "subject.cn: unknown field (did you mean \"CN\"?)"));
        // -- wrong types
        c.add(profile(
                "number where true/false belongs",
                "ca",
                "ca: true",
                "ca: 5",
                "fixtures",
                CA + ":1",
                "ca: expected true or false, got a number (5)"));
        c.add(profile(
                "text where days belong",
                "server",
                "days: 365",
                "days: ten",
                "fixtures",
                SERVER + ":4",
                "validity.days: expected a whole number from 1 to 36500, got \"ten\""));
        c.add(profile(
                "list where the subject mapping belongs",
                "server",
                "subject:\n  CN: localhost",
                "subject: [localhost]",
                "fixtures",
                SERVER + ":5",
                "subject: expected a mapping"));
        c.add(profile(
                "scalar where a list belongs",
                "server",
                "[serverAuth]",
                "serverAuth",
                "fixtures",
                SERVER + ":8",
                "extensions.extendedKeyUsage: expected a list"));
        c.add(profile(
                "mapping where a key type belongs",
                "server",
                "key: ec-p256",
                "key: {type: ec}",
                "fixtures",
                SERVER + ":2",
                "key: expected one of"));
        // -- impossible values
        c.add(profile(
                "RSA 512",
                "server",
                "key: ec-p256",
                "key: rsa-512",
                "fixtures",
                SERVER + ":2",
                "key: unknown value \"rsa-512\""));
        c.add(profile(
                "RSA 1000",
                "ca",
                "key: ec-p256",
                "key: rsa-1000",
                "init --force",
                CA + ":2",
                "key: unknown value \"rsa-1000\""));
        c.add(profile(
                "zero days",
                "server",
                "days: 365",
                "days: 0",
                "fixtures",
                SERVER + ":4",
                "validity.days: 0 is out of range; allowed: 1 to 36500"));
        c.add(profile(
                "negative days",
                "server",
                "days: 365",
                "days: -30",
                "issue server",
                SERVER + ":4",
                "validity.days: -30 is out of range"));
        c.add(profile(
                "more days than a century",
                "ca",
                "days: 3650",
                "days: 36501",
                "fixtures",
                CA + ":4",
                "validity.days: 36501 is out of range"));
        c.add(profile(
                "notAfter before notBefore",
                "server",
                "  days: 365",
                "  notBefore: 2030-06-01\n  notAfter: 2030-01-01",
                "fixtures",
                SERVER + ":5",
                "validity.notAfter: must be after notBefore"));
        c.add(profile(
                "a date that does not exist",
                "server",
                "  days: 365",
                "  notBefore: 2030-02-30\n  notAfter: 2031-01-01",
                "fixtures",
                SERVER + ":4",
                "validity.notBefore: \"2030-02-30\" is not a date"));
        c.add(profile(
                "unknown digest",
                "server",
                "key: ec-p256",
                "key: ec-p256\ndigest: md4",
                "fixtures",
                SERVER + ":3",
                "digest: unknown value \"md4\""));
        c.add(profile(
                "broken digest without its defect",
                "server",
                "key: ec-p256",
                "key: ec-p256\ndigest: md5",
                "fixtures",
                SERVER + ":3",
                "digest: is broken and refused; to make a deliberately broken certificate for an audit, "
                        + "add defects: [md5]"));
        c.add(profile(
                "unknown curve",
                "server",
                "key: ec-p256",
                "key: ec-p521",
                "fixtures",
                SERVER + ":2",
                "key: unknown value \"ec-p521\""));
        c.add(profile(
                "pathLen on a leaf",
                "server",
                "extensions:\n",
                "extensions:\n  basicConstraints:\n    pathLen: 0\n",
                "fixtures",
                SERVER + ":9",
                "pathLen is for CAs only"));
        c.add(profile(
                "server profile without SAN",
                "server",
                "  subjectAltName:\n    dns: [localhost]\n",
                "",
                "issue server",
                SERVER + ":7",
                "extensions.subjectAltName: missing; a serverAuth certificate needs"));
        c.add(profile(
                "IP SAN that is a host name",
                "server",
                "dns: [localhost]",
                "ip: [localhost]",
                "fixtures",
                SERVER + ":10",
                "extensions.subjectAltName.ip[0]: \"localhost\" is not an IPv4 or IPv6 address"));
        c.add(profile(
                "IP SAN out of range",
                "server",
                "dns: [localhost]",
                "ip: [127.0.0.1, 256.0.0.1]",
                "fixtures",
                SERVER + ":10",
                "extensions.subjectAltName.ip[1]: \"256.0.0.1\" is not an IPv4 or IPv6 address"));
        c.add(profile(
                "keyEncipherment on an EC key",
                "server",
                "extensions:\n",
                "extensions:\n  keyUsage: [digitalSignature, keyEncipherment]\n",
                "fixtures",
                SERVER + ":8",
                "keyEncipherment and dataEncipherment need an RSA key"));
        c.add(profile(
                "keyCertSign on a leaf",
                "server",
                "extensions:\n",
                "extensions:\n  keyUsage: [digitalSignature, keyCertSign]\n",
                "fixtures",
                SERVER + ":8",
                "keyCertSign is for CAs only"));
        c.add(
                profile(
                        "output file name outside the folder",
                        "server",
                        "extensions:\n",
                        "files:\n  cert: ../server_cert.pem\nextensions:\n",
                        "fixtures",
                        SERVER + ":8",
                        "files.cert: \"../server_cert.pem\" is not a plain file name; files are written into the "
                                + "output folder, so give a name such as server_cert.pem (the output folder is set with --out)"));
        c.add(
                profile(
                        "existing CA without its key file",
                        "ca",
                        null,
                        "ca: true\nexisting:\n  cert: ../ca_cert.pem\n",
                        "fixtures",
                        "profiles/ca.yaml:2",
                        "existing.key: missing; give the path of the CA's key file, relative to "
                                + "the output folder or absolute, for example ../ca_key.pem (the output folder is set with --out)"));
        // -- references between profiles
        c.add(profile(
                "issuer that does not exist",
                "server",
                "issuer: ca",
                "issuer: root-ca",
                "fixtures",
                SERVER + ":1",
                "issuer: no profile named \"root-ca\""));
        c.add(profile(
                "issuer that is not a CA",
                "server",
                "issuer: ca",
                "issuer: client",
                "issue server",
                SERVER + ":1",
                "issuer: \"client\" is not a CA"));
        c.add(profile(
                "leaf without issuer",
                "server",
                "issuer: ca\n",
                "",
                "fixtures",
                SERVER + ":1",
                "issuer: missing; a leaf certificate needs an issuer"));
        c.add(new BadInput(
                "issuers in a loop",
                w -> {
                    w.replaceIn(CA, "ca: true\n", "ca: true\nissuer: bad-ca\n");
                    w.replaceIn("profiles/bad-ca.yaml", "ca: true\n", "ca: true\nissuer: ca\n");
                },
                "fixtures",
                ExitCodes.INVALID_PROFILE,
                "profiles/bad-ca.yaml:2",
                "issuer: the issuers form a loop"));
        c.add(new BadInput(
                "two profiles writing one file",
                w -> w.replaceIn(SERVER, "extensions:\n", "files:\n  cert: client_cert.pem\nextensions:\n"),
                "fixtures",
                ExitCodes.INVALID_PROFILE,
                SERVER + ":7",
                "files: client_cert.pem is also written by profile \"client\""));
        c.add(new BadInput(
                "profile file name that is no profile name",
                w -> w.write("profiles/-x.yaml", TestPki.ca("ec-p256")),
                "fixtures",
                ExitCodes.INVALID_PROFILE,
                "profiles/-x.yaml",
                "bad profile name"));

        // -- the issuing CA's files, read by issue (and sign)
        c.add(new BadInput(
                "CA key that does not match the CA certificate",
                w -> w.copy("keys/bad_ca_key.pem", "keys/ca_key.pem"),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "does not match the CA certificate"));
        c.add(new BadInput(
                "CA certificate that is not a CA",
                w -> {
                    w.copy("keys/client_cert.pem", "keys/ca_cert.pem");
                    w.copy("keys/client_key.pem", "keys/ca_key.pem");
                },
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_cert.pem",
                "is not a CA certificate"));
        c.add(new BadInput(
                "truncated CA certificate",
                w -> w.truncate("keys/ca_cert.pem"),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_cert.pem",
                "damaged PEM"));
        c.add(new BadInput(
                "truncated CA key",
                w -> w.truncate("keys/ca_key.pem"),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "damaged PEM"));
        c.add(new BadInput(
                "garbage text as CA certificate",
                w -> w.write("keys/ca_cert.pem", "hello, world\n"),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_cert.pem",
                "is not PEM"));
        c.add(new BadInput(
                "garbage base64 inside PEM armour",
                w -> w.write(
                        "keys/ca_cert.pem",
                        "-----BEGIN CERTIFICATE-----\nthis is not base64 at all!!\n-----END CERTIFICATE-----\n"),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_cert.pem",
                "damaged PEM"));
        c.add(new BadInput(
                "valid base64 of garbage inside PEM armour",
                w -> w.write(
                        "keys/ca_key.pem",
                        "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(new byte[48])
                                + "\n-----END PRIVATE KEY-----\n"),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "PEM"));
        c.add(new BadInput(
                "DER certificate where PEM is expected",
                w -> w.write("keys/ca_cert.pem", der(w.root.resolve("keys/ca_cert.pem"))),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_cert.pem",
                "is binary DER, expected PEM text"));
        c.add(new BadInput(
                "DER key where PEM is expected",
                w -> w.write("keys/ca_key.pem", der(w.root.resolve("keys/ca_key.pem"))),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "is binary DER, expected PEM text"));
        c.add(new BadInput(
                "certificate where the CA key is expected",
                w -> w.copy("keys/ca_cert.pem", "keys/ca_key.pem"),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "holds a certificate, expected a private key"));
        c.add(new BadInput(
                "key where the CA certificate is expected",
                w -> w.copy("keys/ca_key.pem", "keys/ca_cert.pem"),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_cert.pem",
                "holds a private key, expected a certificate"));
        c.add(new BadInput(
                "empty CA key",
                w -> w.write("keys/ca_key.pem", ""),
                "issue client",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "is empty"));
        c.add(new BadInput(
                "encrypted CA key without password",
                w -> w.encrypt("keys/ca_key.pem"),
                "sign keys/server_csr.pem --ca ca",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "the private key is encrypted; give its password"));
        c.add(new BadInput(
                "encrypted CA key read by issue",
                w -> w.encrypt("keys/ca_key.pem"),
                "issue client",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "the private key is encrypted"));
        c.add(new BadInput(
                "garbage revocation state",
                w -> w.write("keys/ca_revocations.json", "{not json"),
                "crl ca",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_revocations.json",
                "not a revocation state file"));
        c.add(new BadInput(
                "missing OpenSSL config",
                w -> {},
                "import-conf cert.conf",
                ExitCodes.UNUSABLE_INPUT,
                "cert.conf",
                "no such file"));
        c.add(new BadInput(
                "encrypted key for a CSR without password",
                w -> w.encrypt("keys/server_key.pem"),
                "csr server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/server_key.pem",
                "the private key is encrypted"));
        c.add(new BadInput(
                "encrypted key with the wrong password",
                w -> {
                    w.encrypt("keys/ca_key.pem");
                    w.write("password.txt", "not the password\n");
                },
                "crl ca --password-file password.txt",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "cannot decrypt the private key: wrong password"));
        c.add(new BadInput(
                "certificate where the CSR is expected",
                w -> {},
                "sign keys/server_cert.pem --ca ca --profile server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/server_cert.pem",
                "holds a certificate, expected a CSR"));
        c.add(new BadInput(
                "certificate given as the key of a CSR",
                w -> {},
                "csr server --key keys/client_cert.pem",
                ExitCodes.UNUSABLE_INPUT,
                "keys/client_cert.pem",
                "holds a certificate, expected a private key"));
        // -- missing files
        c.add(new BadInput(
                "missing CA key",
                w -> w.delete("keys/ca_key.pem"),
                "issue server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_key.pem",
                "no such file; make the issuing CA first"));
        c.add(new BadInput(
                "missing CA certificate",
                w -> w.delete("keys/ca_cert.pem"),
                "issue client",
                ExitCodes.UNUSABLE_INPUT,
                "keys/ca_cert.pem",
                "no such file"));
        c.add(new BadInput(
                "missing CSR",
                w -> {},
                "sign keys/nobody_csr.pem --ca ca --profile server",
                ExitCodes.UNUSABLE_INPUT,
                "keys/nobody_csr.pem",
                "no such file"));
        c.add(new BadInput(
                "missing key for a CSR",
                w -> {},
                "csr server --key keys/nobody_key.pem",
                ExitCodes.UNUSABLE_INPUT,
                "keys/nobody_key.pem",
                "no such file"));
        c.add(new BadInput(
                "missing password file",
                w -> {},
                "export server --pkcs12 server.p12 --password-file nowhere.txt",
                ExitCodes.UNUSABLE_INPUT,
                "nowhere.txt",
                "no such file"));
        c.add(new BadInput(
                "missing profiles folder",
                w -> w.deleteTree("profiles"),
                "fixtures",
                ExitCodes.UNUSABLE_INPUT,
                "profiles",
                "no such profiles folder"));
        c.add(new BadInput(
                "profiles folder without profiles",
                w -> {
                    w.deleteTree("profiles");
                    w.mkdir("profiles");
                },
                "fixtures",
                ExitCodes.UNUSABLE_INPUT,
                "profiles",
                "no profiles (*.yaml files)"));
        c.add(new BadInput(
                "profile that does not exist",
                w -> {},
                "issue sever",
                ExitCodes.UNUSABLE_INPUT,
                "profiles/sever.yaml",
                "no such profile"));
        c.add(new BadInput(
                "CA key that fixtures cannot keep",
                w -> w.truncate("keys/ca_key.pem"),
                "fixtures",
                ExitCodes.OUTPUT_EXISTS,
                "keys/ca_key.pem",
                "cannot be kept"));

        // -- outputs
        c.add(new BadInput(
                "CA that exists already",
                w -> {},
                "init",
                ExitCodes.OUTPUT_EXISTS,
                "keys/ca_cert.pem",
                "exists already"));
        c.add(new BadInput(
                "output folder below a regular file",
                w -> w.write("plain-file", "x"),
                "fixtures --out plain-file/keys",
                ExitCodes.WRITE_FAILED,
                "plain-file/keys",
                "cannot write"));
        c.add(new BadInput(
                "keystore folder below a regular file",
                w -> {
                    w.write("plain-file", "x");
                    w.write("password.txt", PASSWORD + "\n");
                },
                "export server --pkcs12 plain-file/server.p12 --password-file password.txt",
                ExitCodes.WRITE_FAILED,
                "plain-file",
                "cannot write: it exists and is not a folder"));
        c.add(new BadInput(
                "certificate target that is a folder",
                w -> w.replaceWithFolder("keys/client_cert.pem"),
                "issue client --force",
                ExitCodes.WRITE_FAILED,
                "keys/client_cert.pem",
                "is a folder, cannot write a file there"));
        c.add(new BadInput(
                "CSR target that is a folder",
                w -> w.replaceWithFolder("keys/server_csr.pem"),
                "csr server",
                ExitCodes.WRITE_FAILED,
                "keys/server_csr.pem",
                "is a folder"));
        c.add(new BadInput(
                "CRL target that is a folder",
                w -> w.mkdir("keys/ca_crl.pem"),
                "crl ca",
                ExitCodes.WRITE_FAILED,
                "keys/ca_crl.pem",
                "is a folder"));
        // fixtures stages bad_ca_key, bad_ca_cert, then bad_key: the third fails, the two before must vanish
        c.add(new BadInput(
                "forced fixtures failing at the third file",
                w -> w.replaceWithFolder("keys/bad_key.pem"),
                "fixtures --force",
                ExitCodes.WRITE_FAILED,
                "keys/bad_key.pem",
                "is a folder"));
        c.add(new BadInput(
                "first fixtures run failing at the third file",
                w -> {
                    w.deleteTree("keys");
                    w.mkdir("keys");
                    w.mkdir("keys/bad_key.pem");
                },
                "fixtures",
                ExitCodes.WRITE_FAILED,
                "keys/bad_key.pem",
                "is a folder"));
        c.add(new BadInput(
                "forced init failing at the certificate",
                w -> w.replaceWithFolder("keys/ca_cert.pem"),
                "init --force",
                ExitCodes.WRITE_FAILED,
                "keys/ca_cert.pem",
                "is a folder"));
        return c;
    }

    /** A profile case: replace {@code from} by {@code to} in NAME.yaml (null from: replace the whole file). */
    static BadInput profile(
            String name, String profile, String from, String to, String command, String where, String problem) {
        String file = "profiles/" + profile + ".yaml";
        return new BadInput(
                name,
                w -> {
                    if (from == null) {
                        w.write(file, to);
                    } else {
                        w.replaceIn(file, from, to);
                    }
                },
                command,
                ExitCodes.INVALID_PROFILE,
                where,
                problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputGetsOneLineItsExitCodeAndChangesNothing(BadInput bad) throws Exception {
        Workspace w = Workspace.copyOf(template, root);
        bad.breakage.apply(w);
        w.backdate();
        Snapshot before = Snapshot.of(root);

        ToolRun.Result r = w.run(bad.command);

        assertEquals(bad.exit, r.code(), () -> "exit code; stdout:\n" + r.out() + "stderr:\n" + r.err());
        String line = r.errorLine();
        String where = root.resolve(bad.where.replaceFirst(":\\d+$", "")) + bad.where.replaceFirst("^[^:]*", "");
        assertTrue(line.startsWith(where + ":") || line.equals(where), "should name " + where + ":\n" + line);
        assertTrue(line.contains(bad.problem), "should say \"" + bad.problem + "\":\n" + line);
        if (bad.where.startsWith("profiles/") && bad.where.contains(":")) {
            assertTrue(line.startsWith(where + ": "), "a profile error names its line: " + line);
        }
        assertNoStackTrace(r.err());
        assertEquals(before, Snapshot.of(root), "every file as it was");
        assertEquals(Set.of(), temporaryFiles(root), "no temporary file left behind");
    }

    @Test
    void corpusHasAtLeastFortyCasesAndEveryErrorExitCode() {
        List<BadInput> c = corpus();
        assertTrue(c.size() >= 40, "cases: " + c.size());
        Set<Integer> codes = new TreeSet<>();
        c.forEach(b -> codes.add(b.exit));
        assertEquals(
                Set.of(
                        ExitCodes.INVALID_PROFILE,
                        ExitCodes.UNUSABLE_INPUT,
                        ExitCodes.OUTPUT_EXISTS,
                        ExitCodes.WRITE_FAILED),
                codes);
        assertEquals(c.size(), c.stream().map(BadInput::name).distinct().count(), "case names are unique");
    }

    @Test
    void verboseAddsTheStackTraceAfterTheSameLine() throws Exception {
        Workspace w = Workspace.copyOf(template, root);
        w.truncate("keys/ca_key.pem");
        w.backdate();
        Snapshot before = Snapshot.of(root);

        ToolRun.Result quiet = w.run("issue server");
        ToolRun.Result verbose = w.run("issue server --verbose");

        assertEquals(ExitCodes.UNUSABLE_INPUT, verbose.code());
        List<String> lines = verbose.err().lines().toList();
        assertEquals(quiet.err().lines().findFirst().orElseThrow(), lines.get(0), "the same error line comes first");
        assertTrue(lines.size() > 2, verbose.err());
        assertTrue(lines.get(1).contains("PkiException"), verbose.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("\tat ")), verbose.err());
        assertEquals(before, Snapshot.of(root));
        assertEquals(Set.of(), temporaryFiles(root));
    }

    @Test
    void failureAtTheThirdFileOfAFirstRunLeavesOnlyTheObstacle() throws Exception {
        Workspace w = Workspace.copyOf(template, root);
        w.deleteTree("keys");
        w.mkdir("keys");
        w.mkdir("keys/bad_key.pem");

        ToolRun.Result r = w.run("fixtures");

        assertEquals(ExitCodes.WRITE_FAILED, r.code(), r.err());
        assertEquals(
                List.of("bad_key.pem"),
                FolderSnapshot.names(root.resolve("keys")),
                "bad_ca_key.pem and bad_ca_cert.pem were staged before the failure and must not appear");
    }

    static void assertNoStackTrace(String err) {
        assertFalse(err.contains("\tat "), "stack trace without --verbose:\n" + err);
        assertFalse(EXCEPTION_NAME.matcher(err).find(), "exception class name without --verbose:\n" + err);
    }

    // ---- the folder a case works in

    /** A copy of the template set under the test's folder, and the ways a case breaks it. */
    static final class Workspace {
        final Path root;

        private Workspace(Path root) {
            this.root = root;
        }

        static Workspace copyOf(Path from, Path to) throws IOException {
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : all.toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            return new Workspace(to);
        }

        /** Runs ca-tool in this folder's terms: relative paths in {@code command} are resolved against it. */
        ToolRun.Result run(String command) {
            List<String> args = new ArrayList<>();
            boolean out = command.startsWith("import-conf"); // it writes profiles only: no --out
            for (String a : command.split(" ")) {
                args.add(
                        a.startsWith("-") || !a.contains("/") && !a.contains(".")
                                ? a
                                : root.resolve(a).toString());
                out |= a.equals("--out");
            }
            args.addAll(List.of("--profiles", root.resolve("profiles").toString()));
            if (!out) {
                args.addAll(List.of("--out", root.resolve("keys").toString()));
            }
            return ToolRun.caTool(args.toArray(String[]::new));
        }

        void write(String file, String text) throws IOException {
            write(file, text.getBytes(StandardCharsets.UTF_8));
        }

        void write(String file, byte[] bytes) throws IOException {
            Files.write(root.resolve(file), bytes);
        }

        void replaceIn(String file, String from, String to) throws IOException {
            String text = Files.readString(root.resolve(file));
            if (!text.contains(from)) {
                throw new IllegalStateException(file + " has no \"" + from + "\":\n" + text);
            }
            Files.writeString(root.resolve(file), text.replace(from, to));
        }

        void copy(String from, String to) throws IOException {
            Files.copy(root.resolve(from), root.resolve(to), StandardCopyOption.REPLACE_EXISTING);
        }

        void truncate(String file) throws IOException {
            byte[] bytes = Files.readAllBytes(root.resolve(file));
            Files.write(root.resolve(file), Arrays.copyOf(bytes, bytes.length / 2));
        }

        void delete(String file) throws IOException {
            Files.delete(root.resolve(file));
        }

        void mkdir(String folder) throws IOException {
            Files.createDirectories(root.resolve(folder));
        }

        void replaceWithFolder(String file) throws IOException {
            delete(file);
            mkdir(file);
        }

        void deleteTree(String folder) throws IOException {
            try (Stream<Path> all = Files.walk(root.resolve(folder))) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }

        /** Re-writes an unencrypted key file as an encrypted one, with {@link #PASSWORD}. */
        void encrypt(String file) throws IOException {
            Path p = root.resolve(file);
            write(file, Pem.encryptedPrivateKey(Pem.readPrivateKey(p), PASSWORD.toCharArray(), new SecureRandom()));
        }

        /** Every file and folder gets an old modification time, so that any rewrite shows. */
        void backdate() throws IOException {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.toList()) {
                    Files.setLastModifiedTime(p, LONG_AGO);
                }
            }
        }
    }

    /** The DER inside a one-block PEM file. */
    static byte[] der(Path pemFile) {
        try {
            String body =
                    Files.readString(pemFile).replaceAll("-----[^-]+-----", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every folder under a root (by relative name) with its files' bytes and modification times. */
    record Snapshot(Map<String, FolderSnapshot> folders) {
        static Snapshot of(Path root) {
            Map<String, FolderSnapshot> folders = new TreeMap<>();
            try (Stream<Path> all = Files.walk(root)) {
                all.filter(Files::isDirectory)
                        .forEach(d -> folders.put(root.relativize(d).toString(), FolderSnapshot.of(d)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Snapshot(folders);
        }
    }

    /** Temporary files (".name.123.tmp") anywhere under a root. */
    static Set<String> temporaryFiles(Path root) {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(Files::isDirectory)
                    .forEach(d -> FolderSnapshot.temporaryFiles(d)
                            .forEach(
                                    n -> found.add(root.relativize(d.resolve(n)).toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
