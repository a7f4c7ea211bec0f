package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.handshake.Cli;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.testing.ToolRun;

/**
 * An encrypted key that ca-tool writes with files.encryptKey: des3 is read by mbedTLS 2.28 (our C
 * peer, which calls mbedtls_pk_parse_keyfile with the password) and serves a whole mutual
 * handshake; the default, aes, is refused by that mbedTLS with -0x2E80 (-11904), which is why des3
 * exists. Loopback only; the peer is stopped by its PID.
 */
class EncryptedKeyForMbedtlsTest {
    static final String PASSWORD = "correct horse battery";
    static final Pattern LISTENING = Pattern.compile("^Listening on port (\\d+)$");

    @TempDir
    static Path root;

    static Path keys;
    static Path passwordFile;
    static Path peer;

    @BeforeAll
    static void makeKeysAndPeer() throws IOException {
        NativeBuild.Result built = NativeBuild.compile(
                "mbedtls_peer",
                NativeBuild.moduleDir().resolve("src/test/c/mbedtls_peer.c"),
                List.of("-lmbedtls", "-lmbedx509", "-lmbedcrypto"));
        if (!built.ok()) {
            if (Matrix.inCi()) {
                fail("CI=true, so this test may not be skipped, but the mbedTLS peer is missing: " + built.missing());
            }
            Assumptions.abort("mbedTLS peer not available: " + built.missing() + " (is libmbedtls-dev installed?)");
        }
        peer = built.binary();
        Path profiles = root.resolve("profiles");
        Files.createDirectories(profiles);
        Files.writeString(profiles.resolve("ca.yaml"), "ca: true\nkey: ec-p256\nsubject:\n  CN: My Test CA\n");
        String leaf = "issuer: ca\nkey: ec-p256\nsubject:\n  CN: localhost\nextensions:\n  extendedKeyUsage: [%s]\n"
                + "  subjectAltName:\n    dns: [localhost]\nfiles:\n  encryptKey: %s\n";
        Files.writeString(profiles.resolve("server.yaml"), leaf.formatted("serverAuth", "des3"));
        Files.writeString(profiles.resolve("client.yaml"), leaf.formatted("clientAuth", "aes"));
        keys = root.resolve("keys");
        new Fixtures(ProfileSet.load(profiles), keys, Clock.systemUTC(), new SecureRandom(), line -> {})
                .withPassword(PASSWORD.toCharArray())
                .fixtures(false, Duration.ZERO);
        passwordFile = root.resolve("password.txt");
        Files.writeString(passwordFile, PASSWORD + "\n");
    }

    static PeerProcess mbedtlsServer(String keyFile) throws IOException {
        return PeerProcess.start(
                "mbedtls_peer server",
                List.of(
                        peer.toString(),
                        "server",
                        "--ca-certificate",
                        keys.resolve("ca_cert.pem").toString(),
                        "--certificate",
                        keys.resolve("server_cert.pem").toString(),
                        "--private-key",
                        keys.resolve(keyFile).toString(),
                        "--key-password-file",
                        passwordFile.toString(),
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--count",
                        "1",
                        "--timeout-ms",
                        "10000"));
    }

    @Test
    void mbedtlsLoadsADes3KeyAndCompletesAMutualHandshakeWithIt() throws Exception {
        assertTrue(
                Files.readString(keys.resolve("server_key.pem")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        try (PeerProcess server = mbedtlsServer("server_key.pem")) {
            Optional<String> listening = server.awaitLine(LISTENING, Duration.ofSeconds(15));
            assertTrue(listening.isPresent(), server.transcript());
            Matcher m = LISTENING.matcher(listening.get());
            assertTrue(m.matches());
            ToolRun.Result r = Cli.run(
                    "connect",
                    "--ca-certificate",
                    keys.resolve("ca_cert.pem").toString(),
                    "--certificate",
                    keys.resolve("client_cert.pem").toString(),
                    "--private-key",
                    keys.resolve("client_key.pem").toString(),
                    "--password-file",
                    passwordFile.toString(),
                    "--server",
                    "localhost",
                    "-p",
                    m.group(1),
                    "--tls",
                    "1.2",
                    "--timeout",
                    "5");
            assertEquals(0, r.code(), r + "\n" + server.transcript());
            assertTrue(server.awaitExit(Duration.ofSeconds(15)), server.transcript());
            assertEquals(0, server.exitCode(), server.transcript());
            assertTrue(server.outLines().contains("Handshake successful"), server.transcript());
        }
    }

    @Test
    void mbedtlsRefusesAnAesKeyAsTheIssueSays() throws Exception {
        Path aesServerKey = keys.resolve("server_key_aes.pem");
        Files.writeString(
                aesServerKey,
                org.mtlskit.pki.internal.pem.Pem.encryptedPrivateKey(
                        org.mtlskit.pki.internal.pem.Pem.readPrivateKey(
                                keys.resolve("server_key.pem"), PASSWORD.toCharArray()),
                        PASSWORD.toCharArray(),
                        new SecureRandom(),
                        org.mtlskit.pki.internal.pem.KeyEncryption.AES));
        try (PeerProcess server = mbedtlsServer("server_key_aes.pem")) {
            assertTrue(server.awaitExit(Duration.ofSeconds(15)), server.transcript());
            assertEquals(3, server.exitCode(), server.transcript());
            assertTrue(String.join("\n", server.errLines()).contains("-0x2E80"), server.transcript());
        }
    }
}
