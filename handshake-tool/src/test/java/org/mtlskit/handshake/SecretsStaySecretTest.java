package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * No private key material and no password appears in anything either tool prints, with or without
 * --verbose, on success or failure, nor in any file they write that is not a key; key files are 0600
 * and a folder ca-tool creates is 0700.
 *
 * <p>Every *_key.pem seen after any command counts as secret: its base64 lines, and its private number
 * (the RSA private exponent and a prime, the EC scalar) in decimal and hex, so that a message built
 * from key fields would show too; so does the password. The server's key is RSA, the others EC.
 */
@Timeout(120)
class SecretsStaySecretTest {
    static final String PASSWORD = "Tr0ub4dor&3-never-print-me";

    @TempDir
    Path root;

    Path keys;
    final List<Run> runs = new ArrayList<>();
    final Set<String> secrets = new LinkedHashSet<>(List.of(PASSWORD));

    record Run(String command, int exit, String out, String err) {}

    @Test
    void noCommandPrintsKeyMaterialOrThePassword() throws Exception {
        Map<String, String> profiles = TestPki.demoProfiles("ec-p256");
        profiles.put("server", profiles.get("server").replace("key: ec-p256", "key: rsa-2048"));
        TestPki.writeProfiles(root.resolve("profiles"), profiles);
        keys = root.resolve("made/keys");
        Path password = Files.writeString(root.resolve("password.txt"), PASSWORD + "\n");
        Path wrongPassword = Files.writeString(root.resolve("wrong.txt"), "not-the-password\n");

        // ---- ca-tool: every command that makes, reads or writes a key, ok and failing, quiet and verbose
        caTool(0, "fixtures");
        assertEquals("rwx------", mode(keys), "a keys/ folder that ca-tool creates");
        assertEquals("rwx------", mode(keys.getParent()), "and every folder it creates above it");
        caTool(0, "fixtures", "--verbose");
        caTool(5, "init");
        caTool(5, "init", "--verbose");
        caTool(5, "issue", "client");
        caTool(0, "issue", "client", "--force");
        caTool(0, "issue", "server", "--force", "--verbose");
        // fixtures wrote their CSRs already, so a new one replaces them only with --force
        caTool(5, "csr", "client");
        caTool(0, "csr", "client", "--force");
        caTool(0, "csr", "server", "--force", "--verbose");
        caTool(
                0,
                "export",
                "server",
                "--pkcs12",
                keys.resolve("server.p12").toString(),
                "--password-file",
                password.toString());
        caTool(
                0,
                "export",
                "client",
                "--pkcs12",
                keys.resolve("client.p12").toString(),
                "--password-file",
                password.toString(),
                "--verbose");
        caTool(4, "export", "client", "--pkcs12", keys.resolve("other.p12").toString(), "--verbose");
        caTool(0, "crl", "ca");
        caTool(
                0,
                "show",
                keys.resolve("server_key.pem").toString(),
                keys.resolve("ca_key.pem").toString());
        caTool(
                0,
                "show",
                "--json",
                keys.resolve("server_key.pem").toString(),
                keys.resolve("client_key.pem").toString());

        // the CA key encrypted with the password, in a folder of its own
        Path encrypted = Files.createDirectories(root.resolve("encrypted"));
        Files.copy(keys.resolve("ca_cert.pem"), encrypted.resolve("ca_cert.pem"));
        Files.writeString(
                encrypted.resolve("ca_key.pem"),
                Pem.encryptedPrivateKey(
                        Pem.readPrivateKey(keys.resolve("ca_key.pem")), PASSWORD.toCharArray(), new SecureRandom()));
        caToolIn(encrypted, 0, "crl", "ca", "--password-file", password.toString());
        caToolIn(encrypted, 0, "crl", "ca", "--password-file", password.toString(), "--verbose");
        caToolIn(encrypted, 4, "crl", "ca", "--verbose");
        caToolIn(encrypted, 4, "crl", "ca", "--password-file", wrongPassword.toString(), "--verbose");
        caToolIn(
                encrypted,
                0,
                "sign",
                keys.resolve("server_csr.pem").toString(),
                "--ca",
                "ca",
                "--profile",
                "server",
                "--out-cert",
                root.resolve("signed_cert.pem").toString(),
                "--password-file",
                password.toString(),
                "--verbose");
        caToolIn(
                encrypted,
                4,
                "sign",
                keys.resolve("server_csr.pem").toString(),
                "--ca",
                "ca",
                "--profile",
                "server",
                "--out-cert",
                root.resolve("signed_cert.pem").toString(),
                "--password-file",
                wrongPassword.toString(),
                "--verbose");
        caTool(0, "show", encrypted.resolve("ca_key.pem").toString(), "--verbose");

        // broken keys: a key that does not match the CA certificate, a truncated key
        Path mismatch = Files.createDirectories(root.resolve("mismatch"));
        Files.copy(keys.resolve("ca_cert.pem"), mismatch.resolve("ca_cert.pem"));
        Files.copy(keys.resolve("bad_ca_key.pem"), mismatch.resolve("ca_key.pem"));
        caToolIn(mismatch, 4, "issue", "server", "--verbose");
        Path truncated = root.resolve("truncated_key.pem");
        byte[] serverKey = Files.readAllBytes(keys.resolve("server_key.pem"));
        Files.write(truncated, Arrays.copyOf(serverKey, serverKey.length * 2 / 3));
        caTool(4, "show", truncated.toString(), "--verbose");
        caTool(4, "csr", "server", "--key", truncated.toString(), "--force", "--verbose");

        // a CSR for a new key into a folder that does not exist yet
        Path fresh = root.resolve("fresh");
        caToolIn(fresh, 0, "csr", "client", "--verbose");
        assertEquals("rwx------", mode(fresh));
        // and last, everything re-made with new keys
        caTool(0, "fixtures", "--force", "--verbose");

        // ---- handshake-tool: serve and connect, ok and failing; scenarios; bench
        Path encryptedClientKey = root.resolve("encrypted_client_key.pem");
        Files.writeString(
                encryptedClientKey,
                Pem.encryptedPrivateKey(
                        Pem.readPrivateKey(keys.resolve("client_key.pem")),
                        PASSWORD.toCharArray(),
                        new SecureRandom()));
        handshake("client_key.pem", List.of("--verbose"), 0);
        handshake(encryptedClientKey.toString(), List.of("--password-file", password.toString()), 0);
        handshake(encryptedClientKey.toString(), List.of("--password-file", password.toString(), "--verbose"), 0);
        handshakeTool(
                3,
                "connect",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("client_cert"),
                "--private-key",
                encryptedClientKey.toString(),
                "--password-file",
                wrongPassword.toString(),
                "--server",
                "localhost",
                "--verbose");
        handshakeTool(
                3,
                "connect",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("client_cert"),
                "--private-key",
                encryptedClientKey.toString(),
                "--server",
                "localhost",
                "--verbose");
        handshakeTool(
                3,
                "serve",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("server_cert"),
                "--private-key",
                file("client_key"),
                "-p",
                "0",
                "--verbose");
        handshakeTool(
                3,
                "serve",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("server_cert"),
                "--private-key",
                truncated.toString(),
                "-p",
                "0",
                "--verbose");
        handshakeTool(
                3,
                "connect",
                "--ca-certificate",
                file("server_key"),
                "--certificate",
                file("client_cert"),
                "--private-key",
                file("client_key"),
                "--server",
                "localhost",
                "--verbose");
        handshakeTool(0, "scenarios", "--keys", keys.toString(), "--verbose");
        bench();

        // ---- what was printed, what was written, and the modes
        assertTrue(secrets.size() > 30, "secrets collected: " + secrets.size());
        for (Run r : runs) {
            for (String secret : secrets) {
                assertFalse(r.out.contains(secret), r.command + " printed secret material on stdout:\n" + r.out);
                assertFalse(r.err.contains(secret), r.command + " printed secret material on stderr:\n" + r.err);
            }
        }
        assertTrue(runs.stream().anyMatch(r -> r.err.contains("\tat ")), "some failures ran with --verbose");
        Set<String> keyFiles = new TreeSet<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith("_key.pem") && p.startsWith(keys)
                        || name.endsWith(".p12")
                        || p.startsWith(fresh) && name.endsWith("_key.pem")) {
                    keyFiles.add(root.relativize(p) + " " + mode(p));
                } else if (!name.endsWith("_key.pem") && !name.endsWith(".txt")) {
                    String text = Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (String secret : secrets) {
                        assertFalse(text.contains(secret), p + " holds secret material");
                    }
                }
            }
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "fresh/client_key.pem rw-------",
                        "made/keys/bad_ca_key.pem rw-------",
                        "made/keys/bad_key.pem rw-------",
                        "made/keys/ca_key.pem rw-------",
                        "made/keys/client.p12 rw-------",
                        "made/keys/client_key.pem rw-------",
                        "made/keys/server.p12 rw-------",
                        "made/keys/server_key.pem rw-------")),
                keyFiles);
    }

    // ---- running the tools, and collecting what is secret after each run

    void caTool(int exit, String... args) {
        caToolIn(keys, exit, args);
    }

    void caToolIn(Path out, int exit, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("show")) {
            all.addAll(List.of("--profiles", root.resolve("profiles").toString(), "--out", out.toString()));
        }
        ToolRun.Result r = ToolRun.caTool(all.toArray(String[]::new));
        record("ca-tool " + String.join(" ", all), exit, r.code(), r.out(), r.err());
    }

    void handshakeTool(int exit, String... args) {
        ToolRun.Result o = Cli.run(args);
        record("handshake-tool " + String.join(" ", args), exit, o.code(), o.out(), o.err());
    }

    /** serve --count 1 with the server's files, and connect with the client's certificate and {@code key}. */
    void handshake(String key, List<String> clientOptions, int exit) throws InterruptedException {
        List<String> connect = new ArrayList<>(List.of(
                "connect",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("client_cert"),
                "--private-key",
                key.contains("/") ? key : keys.resolve(key).toString(),
                "--server",
                "localhost"));
        connect.addAll(clientOptions);
        ToolRun.Result server;
        try (Cli.Running serve = Cli.start(
                "serve",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("server_cert"),
                "--private-key",
                file("server_key"),
                "-p",
                "0",
                "--count",
                "1",
                "--verbose")) {
            connect.addAll(List.of("-p", String.valueOf(serve.port())));
            handshakeTool(exit, connect.toArray(String[]::new));
            server = serve.await();
        }
        record(
                "handshake-tool serve (for " + String.join(" ", clientOptions) + ")",
                exit,
                server.code(),
                server.out(),
                server.err());
    }

    void bench() throws InterruptedException {
        try (Cli.Running serve = Cli.start(
                "serve",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("server_cert"),
                "--private-key",
                file("server_key"),
                "-p",
                "0",
                "--count",
                "2")) {
            handshakeTool(
                    0,
                    "bench",
                    "--connect",
                    "127.0.0.1:" + serve.port(),
                    "--server",
                    "localhost",
                    "--ca-certificate",
                    file("ca_cert"),
                    "--certificate",
                    file("client_cert"),
                    "--private-key",
                    file("client_key"),
                    "--count",
                    "2",
                    "--concurrency",
                    "1",
                    "--verbose");
            ToolRun.Result server = serve.await();
            record("handshake-tool serve (for bench)", 0, server.code(), server.out(), server.err());
        }
    }

    String file(String stem) {
        return keys.resolve(stem + ".pem").toString();
    }

    void record(String command, int expected, int exit, String out, String err) {
        assertEquals(expected, exit, () -> command + "\nstdout:\n" + out + "stderr:\n" + err);
        runs.add(new Run(command, exit, out, err));
        collectSecrets();
    }

    /** Every *_key.pem under the test folder: its base64 lines (16 characters or more) and its private number. */
    void collectSecrets() {
        List<Path> keyFiles;
        try (Stream<Path> all = Files.walk(root)) {
            keyFiles = all.filter(f -> f.getFileName().toString().endsWith("_key.pem") && Files.isRegularFile(f))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path p : keyFiles) {
            try {
                List<String> lines = Files.readAllLines(p);
                lines.stream()
                        .filter(l -> !l.startsWith("-----") && !l.contains(":") && l.length() >= 16)
                        .forEach(secrets::add);
                if (lines.get(0).equals("-----BEGIN PRIVATE KEY-----")
                        && lines.get(lines.size() - 1).startsWith("-----END")) {
                    PrivateKey key = Pem.readPrivateKey(p);
                    if (key instanceof RSAPrivateCrtKey rsa) {
                        secrets.add(rsa.getPrivateExponent().toString());
                        secrets.add(rsa.getPrivateExponent().toString(16));
                        secrets.add(rsa.getPrimeP().toString());
                    } else if (key instanceof ECPrivateKey ec) {
                        secrets.add(ec.getS().toString());
                        secrets.add(ec.getS().toString(16));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                // a key file broken on purpose: its lines are collected, its number need not be
            }
        }
    }

    static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
