package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.testing.TestPki;
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
        assertEquals(0, caTool("export", "client", "--pkcs12", root.resolve("client.p12").toString(),
                "--password-file", root.resolve("pw").toString()));
        assertEquals(0, caTool("export", "ca", "--truststore", root.resolve("trust.p12").toString()));
    }

    static int caTool(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--out", keys.toString(), "--profiles", profiles.toString())).toArray(String[]::new);
        return ToolRun.caTool(all).code();
    }

    /** handshake-tool serve for one connection, in a thread, with its output. */
    static final class Server {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit;

        Server(String... extra) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("serve",
                    "--ca-certificate", keys.resolve("ca_cert.pem").toString(),
                    "--certificate", keys.resolve("server_cert.pem").toString(),
                    "--private-key", keys.resolve("server_key.pem").toString(), "-p", "0", "--count", "1"),
                    java.util.Arrays.stream(extra)).toArray(String[]::new);
            exit = CompletableFuture.supplyAsync(() -> HandshakeTool.commandLine(Clock.systemUTC(),
                    new PrintWriter(out, true), new PrintWriter(err, true)).execute(args));
        }

        int port() throws InterruptedException {
            Pattern p = Pattern.compile("Listening on \\S+ port (\\d+)");
            for (int i = 0; i < 200; i++) {
                Matcher m = p.matcher(out.toString());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                assertTrue(!exit.isDone(), "server stopped: " + err);
                Thread.sleep(25);
            }
            throw new AssertionError("server did not start: " + out + err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    @Timeout(60)
    void revokedClientIsRefusedWithTheReasonLine(String tls) throws Exception {
        Server server = new Server("--crl", keys.resolve("ca_crl.pem").toString(), "--tls", tls);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int client = HandshakeTool.commandLine(Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("connect", "--ca-certificate", keys.resolve("ca_cert.pem").toString(),
                        "--certificate", keys.resolve("revoked_cert.pem").toString(),
                        "--private-key", keys.resolve("revoked_key.pem").toString(),
                        "--server", "localhost", "-p", String.valueOf(server.port()), "--tls", tls);
        assertEquals(ExitCodes.WE_REFUSED, server.exit.get(30, TimeUnit.SECONDS), server.err.toString());
        assertEquals("SSL handshake failed: we refused the client's certificate\n"
                + "Certificate verification errors: Certificate revoked\n", server.err.toString());
        assertEquals(ExitCodes.PEER_REFUSED, client, err.toString());
        assertTrue(err.toString().startsWith("Handshake failed: the server refused us"), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    @Timeout(60)
    void clientNotOnTheCrlIsStillAccepted(String tls) throws Exception {
        Server server = new Server("--crl", keys.resolve("ca_crl.pem").toString(), "--tls", tls);
        int client = HandshakeTool.commandLine(Clock.systemUTC(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())).execute("connect", "--ca-certificate", keys.resolve("ca_cert.pem").toString(),
                "--certificate", keys.resolve("client_cert.pem").toString(),
                "--private-key", keys.resolve("client_key.pem").toString(),
                "--server", "localhost", "-p", String.valueOf(server.port()), "--tls", tls);
        assertEquals(0, client);
        assertEquals(0, server.exit.get(30, TimeUnit.SECONDS), server.err.toString());
    }

    @org.junit.jupiter.api.Test
    @Timeout(30)
    void crlFromAnotherCaIsRefusedAsUnusableFile() {
        StringWriter err = new StringWriter();
        int code = HandshakeTool.commandLine(Clock.systemUTC(), new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                .execute("serve", "--ca-certificate", keys.resolve("bad_ca_cert.pem").toString(),
                        "--certificate", keys.resolve("bad_cert.pem").toString(),
                        "--private-key", keys.resolve("bad_key.pem").toString(),
                        "--crl", keys.resolve("ca_crl.pem").toString(), "-p", "0", "--count", "1");
        assertEquals(ExitCodes.UNUSABLE_FILE, code);
        assertEquals("handshake-tool: error: " + keys.resolve("ca_crl.pem")
                + ": the CRL (issuer CN=My Test CA) is not signed by a CA in --ca-certificate\n", err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    @Timeout(60)
    void plainJsseClientWithOnlyOurKeystoreAndTruststoreCompletesMutualHandshake(String protocol) throws Exception {
        Server server = new Server();
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
            String verdict = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("OK", verdict);
            assertEquals(protocol, socket.getSession().getProtocol());
        }
        assertEquals(0, server.exit.get(30, TimeUnit.SECONDS), server.err.toString());
        assertTrue(server.out.toString().contains("SSL handshake successful"), server.out.toString());
    }
}
