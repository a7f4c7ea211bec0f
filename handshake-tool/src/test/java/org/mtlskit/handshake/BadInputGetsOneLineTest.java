package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 * handshake-tool's inputs, broken one at a time, for serve and for connect: each is refused before any
 * connection with exactly one line on stderr naming the file (or the argument) and what is wrong, the
 * documented exit code (3 for a file, 6 for a name that does not resolve), and no stack trace.
 * Cases that ServeCommandTest covers already (a missing CA file, a key not matching its certificate
 * for serve, a leaf as CA for connect, a port in use, a port out of range) are not repeated.
 */
@Timeout(30)
class BadInputGetsOneLineTest {
    static final String PASSWORD = "it is a secret to everybody";
    static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b|\\bjava\\.");

    @TempDir
    static Path root;

    static Path keys;
    static Path broken;

    @BeforeAll
    static void makeCertificatesAndBrokenFiles() throws IOException {
        keys = TestCertificates.make(root);
        Path old = TestPki.makeSet(
                root.resolve("old"),
                Map.of(
                        "old-ca",
                        "ca: true\nkey: ec-p256\nvalidity:\n"
                                + "  notBefore: 2000-01-01\n  notAfter: 2001-01-01\nsubject:\n  CN: Old CA\n"),
                Clock.systemUTC());
        broken = Files.createDirectories(root.resolve("broken"));
        Files.copy(old.resolve("old_ca_cert.pem"), broken.resolve("expired_ca_cert.pem"));
        Files.writeString(broken.resolve("garbage.pem"), "this is not a PEM file\n");
        Files.writeString(broken.resolve("empty.pem"), "");
        byte[] key = Files.readAllBytes(keys.resolve("client_key.pem"));
        Files.write(broken.resolve("truncated_key.pem"), Arrays.copyOf(key, key.length / 2));
        String cert = Files.readString(keys.resolve("client_cert.pem"));
        Files.write(
                broken.resolve("client_cert.der"),
                Base64.getMimeDecoder()
                        .decode(cert.replaceAll("-----[^-]+-----", "").strip()));
        Files.writeString(
                broken.resolve("encrypted_client_key.pem"),
                Pem.encryptedPrivateKey(
                        Pem.readPrivateKey(keys.resolve("client_key.pem")),
                        PASSWORD.toCharArray(),
                        new SecureRandom()));
        Files.writeString(broken.resolve("wrong_password.txt"), "not the password\n");
        Files.createDirectories(broken.resolve("a_folder.pem"));
    }

    /**
     * One bad input: the option it goes to, the file it names (or null for a non-file argument), the
     * exit code and what the line must say.
     */
    record BadInput(String name, String command, List<String> replaced, int exit, String names, String problem) {
        @Override
        public String toString() {
            return command + ": " + name;
        }
    }

    static BadInput file(String name, String command, String option, String file, String problem) {
        return new BadInput(name, command, List.of(option, path(file)), ExitCodes.UNUSABLE_FILE, path(file), problem);
    }

    /** "keys/x.pem" and "broken/x.pem" under the test folder. */
    static String path(String file) {
        return (file.startsWith("broken/") ? broken.resolve(file.substring(7)) : keys.resolve(file)).toString();
    }

    static List<BadInput> badInputs() {
        List<BadInput> c = new ArrayList<>();
        for (String command : List.of("serve", "connect")) {
            String own = command.equals("serve") ? "server" : "client";
            c.add(file("missing certificate", command, "--certificate", "nobody_cert.pem", "no such file"));
            c.add(file("missing private key", command, "--private-key", "nobody_key.pem", "no such file"));
            c.add(file("garbage CA file", command, "--ca-certificate", "broken/garbage.pem", "is not PEM"));
            c.add(file("garbage certificate", command, "--certificate", "broken/garbage.pem", "is not PEM"));
            c.add(file("garbage private key", command, "--private-key", "broken/garbage.pem", "is not PEM"));
            c.add(file("empty CA file", command, "--ca-certificate", "broken/empty.pem", "is empty"));
            c.add(file("truncated private key", command, "--private-key", "broken/truncated_key.pem", "damaged PEM"));
            c.add(file("DER certificate", command, "--certificate", "broken/client_cert.der", "is binary DER"));
            c.add(file("folder as CA file", command, "--ca-certificate", "broken/a_folder.pem", "is a folder"));
            c.add(file(
                    "certificate as private key",
                    command,
                    "--private-key",
                    own + "_cert.pem",
                    "holds a certificate, expected a private key"));
            c.add(file(
                    "private key as certificate",
                    command,
                    "--certificate",
                    own + "_key.pem",
                    "holds a private key, expected a certificate"));
            c.add(file(
                    "private key as CA file",
                    command,
                    "--ca-certificate",
                    "ca_key.pem",
                    "holds a private key, expected a certificate"));
            c.add(file(
                    "expired CA certificate",
                    command,
                    "--ca-certificate",
                    "broken/expired_ca_cert.pem",
                    "the CA certificate CN=Old CA expired on 2001-01-01T00:00:00Z"));
            c.add(
                    file(
                            "encrypted key without password",
                            command,
                            "--private-key",
                            "broken/encrypted_client_key.pem",
                            "the private key is encrypted; give its password with --password-file FILE or --password-env VARIABLE"));
            c.add(file("garbage CRL", command, "--crl", "broken/garbage.pem", "is not PEM, expected a CRL"));
            c.add(file("certificate as CRL", command, "--crl", "ca_cert.pem", "holds a certificate, expected a CRL"));
        }
        c.add(file(
                "non-CA certificate as CA", "serve", "--ca-certificate", "client_cert.pem", "is not a CA certificate"));
        c.add(file(
                "key of another certificate",
                "connect",
                "--private-key",
                "server_key.pem",
                "does not match the certificate in " + keys.resolve("client_cert.pem")));
        c.add(new BadInput(
                "encrypted key with the wrong password",
                "connect",
                List.of(
                        "--private-key",
                        path("broken/encrypted_client_key.pem"),
                        "--password-file",
                        path("broken/wrong_password.txt")),
                ExitCodes.UNUSABLE_FILE,
                path("broken/encrypted_client_key.pem"),
                "cannot decrypt the private key: wrong password"));
        c.add(new BadInput(
                "missing password file",
                "serve",
                List.of("--password-file", path("broken/nowhere.txt")),
                ExitCodes.UNUSABLE_FILE,
                path("broken/nowhere.txt"),
                "no such file"));
        c.add(new BadInput(
                "unresolvable server name",
                "connect",
                List.of("--server", "no-such-host.invalid"),
                ExitCodes.NETWORK,
                null,
                "--server: cannot resolve no-such-host.invalid"));
        c.add(new BadInput(
                "unresolvable bind address",
                "serve",
                List.of("--bind", "no-such-host.invalid"),
                ExitCodes.NETWORK,
                null,
                "--bind: cannot resolve no-such-host.invalid"));
        return c;
    }

    /** serve or connect with good files, port 0 (serve) or a port nobody needs (connect), and {@code replaced} on top. */
    static List<String> args(String command, List<String> replaced) {
        String own = command.equals("serve") ? "server" : "client";
        List<String> args = new ArrayList<>(List.of(
                command,
                "--ca-certificate",
                path("ca_cert.pem"),
                "--certificate",
                path(own + "_cert.pem"),
                "--private-key",
                path(own + "_key.pem"),
                "--timeout",
                "1"));
        args.addAll(
                command.equals("serve")
                        ? List.of("-p", "0", "--count", "1")
                        : List.of("--server", "localhost", "-p", "9"));
        for (int i = 0; i < replaced.size(); i += 2) {
            int at = args.indexOf(replaced.get(i));
            if (at >= 0) {
                args.set(at + 1, replaced.get(i + 1));
            } else {
                args.addAll(replaced.subList(i, i + 2));
            }
        }
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedWithOneLineBeforeAnyConnection(BadInput bad) throws Exception {
        ToolRun.Result o;
        try (Cli.Running run = Cli.start(args(bad.command, bad.replaced).toArray(String[]::new))) {
            o = run.await();
        }

        o.assertExit(bad.exit);
        assertEquals(1, o.errLines().size(), "one line on stderr:\n" + o.err());
        String line = o.errLines().get(0);
        String prefix = "handshake-tool: error: " + (bad.names == null ? "" : bad.names + ": ");
        assertTrue(line.startsWith(prefix), "should start with " + prefix + ":\n" + line);
        assertTrue(line.contains(bad.problem), "should say \"" + bad.problem + "\":\n" + line);
        assertFalse(line.contains("\tat ") || EXCEPTION_NAME.matcher(o.err()).find(), "no stack trace:\n" + o.err());
        assertTrue(
                o.outLines().stream().noneMatch(l -> l.startsWith("Listening") || l.startsWith("Connecting")),
                "refused before any connection:\n" + o.out());
    }

    @Test
    void verboseAddsTheStackTraceAfterTheSameLine() throws Exception {
        List<String> args =
                new ArrayList<>(args("connect", List.of("--private-key", path("broken/truncated_key.pem"))));
        args.add("--verbose");
        ToolRun.Result o = Cli.run(args.toArray(String[]::new)).assertExit(ExitCodes.UNUSABLE_FILE);

        assertEquals(
                "handshake-tool: error: " + path("broken/truncated_key.pem") + ": damaged PEM (truncated, or bad "
                        + "base64 or DER inside), expected a private key (-----BEGIN PRIVATE KEY-----)",
                o.errLines().get(0));
        assertTrue(o.errLines().stream().anyMatch(l -> l.startsWith("\tat ")), o.err());
    }
}
