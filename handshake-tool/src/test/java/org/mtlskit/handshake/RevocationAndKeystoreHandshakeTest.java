package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * Revocation and keystores end to end: ca-tool revokes and publishes a CRL, handshake-tool serve
 * refuses the revoked client; a plain JSSE client with nothing but ca-tool's PKCS#12 truststore and
 * keystore completes a mutual handshake with handshake-tool serve.
 */
class RevocationAndKeystoreHandshakeTest {

    @TempDir
    static Path root;

    static Path keys;
    static Path profiles;

    @BeforeAll
    static void makeSetAndRevokeTheBadClient() throws Exception {
        var demo = TestPki.demoProfiles("ec-p256");
        demo.put("ca", TestPki.ca("ec-p256") + "crl:\n  days: 30\n"); // revoke needs a CA that publishes a CRL
        demo.put("revoked", TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost"));
        keys = TestPki.makeSet(root, demo, Clock.systemUTC());
        profiles = root.resolve("profiles");
        Files.writeString(root.resolve("pw"), "keystore-pass\n");
        assertEquals(0, caTool("revoke", "revoked", "--reason", "keyCompromise"));
        assertEquals(0, caTool("crl", "ca"));
        assertEquals(
                0,
                caTool(
                        "export",
                        "client",
                        "--pkcs12",
                        root.resolve("client.p12").toString(),
                        "--password-file",
                        root.resolve("pw").toString()));
        assertEquals(
                0,
                caTool("export", "ca", "--truststore", root.resolve("trust.p12").toString()));
    }

    static int caTool(String... args) {
        String[] all = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args),
                        java.util.stream.Stream.of("--out", keys.toString(), "--profiles", profiles.toString()))
                .toArray(String[]::new);
        return ToolRun.caTool(all).code();
    }

    /** handshake-tool serve for one connection, on its own thread (Cli.start), with our server's files. */
    static Cli.Running server(String... extra) {
        return Cli.start(java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(
                                "serve",
                                "--ca-certificate",
                                keys.resolve("ca_cert.pem").toString(),
                                "--certificate",
                                keys.resolve("server_cert.pem").toString(),
                                "--private-key",
                                keys.resolve("server_key.pem").toString(),
                                "-p",
                                "0",
                                "--count",
                                "1"),
                        java.util.Arrays.stream(extra))
                .toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    @Timeout(60)
    void revokedClientIsRefusedWithTheReasonLine(String tls) throws Exception {
        ToolRun.Result client;
        ToolRun.Result served;
        try (Cli.Running server = server("--crl", keys.resolve("ca_crl.pem").toString(), "--tls", tls)) {
            client = Cli.run(
                    "connect",
                    "--ca-certificate",
                    keys.resolve("ca_cert.pem").toString(),
                    "--certificate",
                    keys.resolve("revoked_cert.pem").toString(),
                    "--private-key",
                    keys.resolve("revoked_key.pem").toString(),
                    "--server",
                    "localhost",
                    "-p",
                    String.valueOf(server.port()),
                    "--tls",
                    tls);
            served = server.await();
        }
        assertEquals(ExitCodes.WE_REFUSED, served.code(), served.err());
        assertEquals(
                "SSL handshake failed: we refused the client's certificate\n"
                        + "Certificate verification errors: Certificate revoked\n",
                served.err());
        assertEquals(ExitCodes.PEER_REFUSED, client.code(), client.err());
        assertTrue(client.err().startsWith("Handshake failed: the server refused us"), client.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    @Timeout(60)
    void clientNotOnTheCrlIsStillAccepted(String tls) throws Exception {
        try (Cli.Running server = server("--crl", keys.resolve("ca_crl.pem").toString(), "--tls", tls)) {
            ToolRun.Result client = Cli.run(
                    "connect",
                    "--ca-certificate",
                    keys.resolve("ca_cert.pem").toString(),
                    "--certificate",
                    keys.resolve("client_cert.pem").toString(),
                    "--private-key",
                    keys.resolve("client_key.pem").toString(),
                    "--server",
                    "localhost",
                    "-p",
                    String.valueOf(server.port()),
                    "--tls",
                    tls);
            assertEquals(0, client.code());
            ToolRun.Result served = server.await();
            assertEquals(0, served.code(), served.err());
        }
    }

    @org.junit.jupiter.api.Test
    @Timeout(30)
    void crlFromAnotherCaIsRefusedAsUnusableFile() {
        ToolRun.Result r = Cli.run(
                "serve",
                "--ca-certificate",
                keys.resolve("bad_ca_cert.pem").toString(),
                "--certificate",
                keys.resolve("bad_cert.pem").toString(),
                "--private-key",
                keys.resolve("bad_key.pem").toString(),
                "--crl",
                keys.resolve("ca_crl.pem").toString(),
                "-p",
                "0",
                "--count",
                "1");
        assertEquals(ExitCodes.UNUSABLE_FILE, r.code());
        assertEquals(
                "handshake-tool: error: " + keys.resolve("ca_crl.pem")
                        + ": the CRL (issuer CN=My Test CA) is not signed by a CA in --ca-certificate\n",
                r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    @Timeout(60)
    void plainJsseClientWithOnlyOurKeystoreAndTruststoreCompletesMutualHandshake(String protocol) throws Exception {
        ToolRun.Result served;
        try (Cli.Running server = server()) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(root.resolve("client.p12"))) {
                keystore.load(in, "keystore-pass".toCharArray());
            }
            KeyStore truststore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(root.resolve("trust.p12"))) {
                truststore.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keystore, "keystore-pass".toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(truststore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.port())) {
                socket.setSoTimeout(10_000);
                socket.setEnabledProtocols(new String[] {protocol});
                var params = socket.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(params);
                socket.startHandshake();
                String verdict = new BufferedReader(
                                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertEquals("OK", verdict);
                assertEquals(protocol, socket.getSession().getProtocol());
            }
            served = server.await();
        }
        assertEquals(0, served.code(), served.err());
        assertTrue(served.out().contains("SSL handshake successful"), served.out());
    }
}
